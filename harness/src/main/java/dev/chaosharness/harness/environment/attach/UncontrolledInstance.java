package dev.chaosharness.harness.environment.attach;

import dev.chaosharness.harness.environment.ServiceInstance;
import java.net.URI;
import java.util.Optional;

/** An attached instance whose attach file says no way to act on it: every action fails, saying so. */
final class UncontrolledInstance implements ServiceInstance {

    private final String name;
    private final String role;
    private final Optional<AttachFile.Address> http;
    private final AttachFile attach;

    UncontrolledInstance(String name, String role, Optional<AttachFile.Address> http, AttachFile attach) {
        this.name = name;
        this.role = role;
        this.http = http;
        this.attach = attach;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String role() {
        return role;
    }

    @Override
    public Optional<URI> httpUri() {
        return http.map(a -> URI.create("http://" + a.host() + ":" + a.port()));
    }

    private IllegalStateException refused(String action) {
        return new IllegalStateException("cannot " + action + " " + name + ": " + attach.source() + " gives services."
                + role + " neither commands nor kubernetes");
    }

    @Override
    public void kill() {
        throw refused("kill");
    }

    @Override
    public void pause() {
        throw refused("pause");
    }

    @Override
    public void resume() {
        throw refused("resume");
    }

    @Override
    public void stop() {
        throw refused("stop");
    }

    @Override
    public void start() {
        throw refused("start");
    }

    @Override
    public boolean isRunning() {
        return true;
    }

    @Override
    public boolean isPaused() {
        return false;
    }
}
