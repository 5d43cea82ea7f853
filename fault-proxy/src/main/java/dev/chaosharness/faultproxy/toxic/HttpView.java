package dev.chaosharness.faultproxy.toxic;

import dev.chaosharness.faultproxy.observe.ObservedHeaders;
import dev.chaosharness.faultproxy.observe.RequestLine;
import java.util.Optional;

/**
 * What an HTTP toxic sees of its connection beyond its own bytes (fault-proxy's extension): the
 * headers the proxy reads correlation ids from, the request the next response answers, and a way to
 * answer the caller itself. Only on a proxy that observes HTTP ({@code POST /proxies/{name}/observe}).
 */
public interface HttpView {

    ObservedHeaders headers();

    /** The oldest request of the connection not yet answered: the one the next response answers. */
    Optional<RequestLine> answering();

    /** Writes a whole response to the caller, as if the callee had sent it (it is observed like one). */
    void respond(byte[] response);
}
