package dev.chaosharness.faultproxy;

import java.io.IOException;
import java.net.Socket;
import java.util.Set;
import dev.chaosharness.faultproxy.observe.HttpExchangeObserver;
import dev.chaosharness.faultproxy.observe.ObservedHeaders;
import dev.chaosharness.faultproxy.observe.RequestLine;
import dev.chaosharness.faultproxy.toxic.HttpView;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** One accepted client and its upstream socket, with a direction for each way bytes flow. */
final class Connection {

    private final Socket client;
    private final Socket upstream;
    private final Proxy proxy;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Direction toServer;
    private final Direction toClient;

    private final HttpExchangeObserver observer;
    private final HttpView http;

    /** {@code observer}: watches the HTTP exchanges going through, or null. */
    Connection(Proxy proxy, Socket client, Socket upstream, Set<String> toxicsAtAccept, FaultRandom random,
               HttpExchangeObserver observer) throws IOException {
        this.proxy = proxy;
        this.client = client;
        this.upstream = upstream;
        this.observer = observer;
        // requests are observed as they arrive from the caller, responses as they leave toward it
        this.toServer = new Direction(this, Stream.UPSTREAM, client.getInputStream(), upstream.getOutputStream(),
                toxicsAtAccept, random, observer == null ? null : observer::requestBytes);
        this.toClient = new Direction(this, Stream.DOWNSTREAM, upstream.getInputStream(), client.getOutputStream(),
                toxicsAtAccept, random, observer == null ? null : observer::responseBytes);
        ObservedHeaders headers = proxy.observedHttp().orElse(ObservedHeaders.DEFAULT);
        this.http = observer == null ? null : new HttpView() {
            @Override
            public ObservedHeaders headers() {
                return headers;
            }

            @Override
            public Optional<RequestLine> answering() {
                return observer.oldestUnanswered();
            }

            @Override
            public void respond(byte[] response) {
                toClient.inject(response);
            }
        };
    }

    void start() {
        toServer.start(proxy.name());
        toClient.start(proxy.name());
    }

    Proxy proxy() {
        return proxy;
    }

    /** This connection's HTTP, for an HTTP toxic: only where the proxy observes it (the proxy refuses the toxic otherwise). */
    HttpView http() {
        if (observer == null) {
            throw new IllegalStateException("proxy " + proxy.name() + " does not observe HTTP");
        }
        return http;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** A peer reset its side: counted, and the connection closed. */
    void closeAfterPeerReset() {
        if (!closed.get()) {
            proxy.trafficCounters().reset();
        }
        close(false);
    }

    /** Tells both directions that the proxy's toxics changed. */
    void toxicsChanged() {
        toServer.wake();
        toClient.wake();
    }

    /** Closes both sockets (no half-close); with {@code reset}, the peers see an RST. */
    void close(boolean reset) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (reset) {
            proxy.trafficCounters().reset();
        }
        closeSocket(client, reset);
        closeSocket(upstream, reset);
        if (observer != null) {
            observer.closed(System.currentTimeMillis());
        }
        toServer.wake();
        toClient.wake();
        proxy.forget(this);
    }

    private static void closeSocket(Socket socket, boolean reset) {
        try {
            if (reset) {
                socket.setSoLinger(true, 0);
            }
            socket.close();
        } catch (IOException ignored) {
            // closing a socket that is already broken: nothing more to release
        }
    }
}
