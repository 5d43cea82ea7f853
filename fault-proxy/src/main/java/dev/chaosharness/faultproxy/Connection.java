package dev.chaosharness.faultproxy;

import dev.chaosharness.faultproxy.observe.HttpExchangeObserver;
import dev.chaosharness.faultproxy.observe.ObservedHeaders;
import dev.chaosharness.faultproxy.observe.RequestLine;
import dev.chaosharness.faultproxy.toxic.HttpView;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.Set;

/**
 * One accepted client and its upstream socket, with a direction for each way bytes flow. It lives
 * on one {@link EventLoop}: everything but {@link #toxicsChanged()} and {@link #closeAndWait()}
 * is called on the loop's thread.
 */
final class Connection implements EventLoop.Handler {

    private final Proxy proxy;
    private final EventLoop loop;
    private final SocketChannel client;
    private final SocketChannel upstream;
    private final Direction toServer;
    private final Direction toClient;
    private final HttpExchangeObserver observer;
    private final HttpView http;
    private SelectionKey clientKey;
    private SelectionKey upstreamKey;
    private volatile boolean closed;

    /** {@code observer}: watches the HTTP exchanges going through, or null. */
    Connection(Proxy proxy, EventLoop loop, SocketChannel client, SocketChannel upstream, Set<String> toxicsAtAccept,
               FaultRandom random, HttpExchangeObserver observer, ObservedHeaders headers) {
        this.proxy = proxy;
        this.loop = loop;
        this.client = client;
        this.upstream = upstream;
        this.observer = observer;
        // requests are observed as they arrive from the caller, responses as they leave toward it
        this.toServer = new Direction(this, Stream.UPSTREAM, client, upstream, toxicsAtAccept, random,
                observer == null ? null : observer::requestBytes);
        this.toClient = new Direction(this, Stream.DOWNSTREAM, upstream, client, toxicsAtAccept, random,
                observer == null ? null : observer::responseBytes);
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
                updateInterest();
            }
        };
    }

    /** Both sockets connected: start moving bytes. {@code upstreamKey}: the key the dial used, or null. */
    void start(SelectionKey dialKey) throws IOException {
        clientKey = loop.register(client, 0, this);
        if (dialKey == null) {
            upstreamKey = loop.register(upstream, 0, this);
        } else {
            upstreamKey = dialKey;
            dialKey.attach(this);
        }
        toServer.pump();
        toClient.pump();
        updateInterest();
    }

    Proxy proxy() {
        return proxy;
    }

    EventLoop loop() {
        return loop;
    }

    boolean observesHttp() {
        return observer != null;
    }

    /** This connection's HTTP, for an HTTP toxic: only where the proxy observes it (the proxy refuses the toxic otherwise). */
    HttpView http() {
        if (observer == null) {
            throw new IllegalStateException("proxy " + proxy.name() + " does not observe HTTP");
        }
        return http;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void ready(SelectionKey key) {
        boolean fromClient = key == clientKey;
        if (key.isReadable()) {
            (fromClient ? toServer : toClient).read(loop.readBuffer(), loop.readBytes());
        }
        if (!closed && key.isValid() && key.isWritable()) {
            (fromClient ? toClient : toServer).writable();
        }
        updateInterest();
    }

    @Override
    public void failed(Throwable error) {
        System.err.println("fault-proxy: proxy " + proxy.name() + ": " + error);
        close(false);
    }

    /** Reads where a direction can take more, writes where one has bytes waiting. */
    void updateInterest() {
        if (closed || clientKey == null) {
            return;
        }
        clientKey.interestOps((toServer.wantsRead() ? SelectionKey.OP_READ : 0)
                | (toClient.wantsWrite() ? SelectionKey.OP_WRITE : 0));
        upstreamKey.interestOps((toClient.wantsRead() ? SelectionKey.OP_READ : 0)
                | (toServer.wantsWrite() ? SelectionKey.OP_WRITE : 0));
    }

    /** The proxy's toxics changed (any thread): both directions look again on the loop. */
    void toxicsChanged() {
        loop.execute(() -> {
            toServer.pump();
            toClient.pump();
        });
    }

    /** A peer reset its side: counted, and the connection closed. */
    void closeAfterPeerReset() {
        if (!closed) {
            proxy.trafficCounters().reset();
        }
        close(false);
    }

    /** From another thread: closes on the loop and returns once closed. */
    void closeAndWait() {
        loop.run(() -> close(false));
    }

    /** Closes both sockets (no half-close); with {@code reset}, the peers see an RST. Loop thread only. */
    void close(boolean reset) {
        if (closed) {
            return;
        }
        closed = true;
        if (reset) {
            proxy.trafficCounters().reset();
        }
        closeChannel(client, reset);
        closeChannel(upstream, reset);
        if (observer != null) {
            observer.closed(System.currentTimeMillis());
        }
        proxy.forget(this);
    }

    /** A registered channel's descriptor is released at the loop's next select; linger 0 makes that an RST. */
    private static void closeChannel(SocketChannel channel, boolean reset) {
        try {
            if (reset) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
            channel.close();
        } catch (IOException ignored) {
            // closing a socket that is already broken: nothing more to release
        }
    }
}
