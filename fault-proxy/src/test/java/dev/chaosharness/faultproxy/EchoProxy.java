package dev.chaosharness.faultproxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;

/** An embedded fault proxy (seed 3) with one proxy in front of an echo server, for data-plane tests. */
final class EchoProxy implements AutoCloseable {

    final FaultProxyServer server;
    final ToxiproxyClient client;
    final EchoServer echo;
    final Proxy proxy;

    private EchoProxy(String name) throws IOException {
        server = FaultProxyServer.start("127.0.0.1", 0, 3);
        client = new ToxiproxyClient("127.0.0.1", server.port());
        echo = EchoServer.echo();
        proxy = client.createProxy(name, "127.0.0.1:0", echo.address());
    }

    static EchoProxy start(String name) throws IOException {
        return new EchoProxy(name);
    }

    @Override
    public void close() throws IOException {
        server.close();
        echo.close();
    }
}
