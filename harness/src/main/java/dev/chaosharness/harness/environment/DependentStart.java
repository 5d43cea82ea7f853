package dev.chaosharness.harness.environment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Starts services as their {@code depends-on} allows, the same on every runtime: a service's
 * instances start, all at once, when every instance of each service it depends on is ready;
 * services that wait for nothing start at once. Each instance starts and is awaited on a thread
 * of its own. The first failure fails the whole start, and what depends on the failed service
 * never starts.
 */
public final class DependentStart {

    /** One instance: {@code start} launches it and returns once it is ready (or throws). */
    public record Instance(String name, Runnable start) {
    }

    public record Service(String name, List<String> dependsOn, List<Instance> instances) {
        public Service {
            dependsOn = List.copyOf(dependsOn);
            instances = List.copyOf(instances);
        }
    }

    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<String, CompletableFuture<Void>> ready = new LinkedHashMap<>();
    private final Consumer<String> progress;

    private DependentStart(List<Service> services, Consumer<String> progress) {
        services.forEach(s -> this.services.put(s.name(), s));
        this.progress = progress;
    }

    /**
     * Begins the start and returns at once; the future completes when every instance is ready, or
     * exceptionally with the first failure. {@code progress} hears which service waits for which.
     */
    public static CompletableFuture<Void> start(List<Service> services, Consumer<String> progress) {
        DependentStart start = new DependentStart(services, progress);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        services.forEach(s -> all.add(start.readyOf(s.name())));
        CompletableFuture<Void> every = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
        all.forEach(one -> one.whenComplete((ok, failed) -> {
            if (failed != null) {
                every.completeExceptionally(failed instanceof java.util.concurrent.CompletionException wrapped
                        && wrapped.getCause() != null ? wrapped.getCause() : failed);
            }
        }));
        return every;
    }

    /** The service's readiness, begun once; the file's check ruled out cycles. */
    private synchronized CompletableFuture<Void> readyOf(String name) {
        CompletableFuture<Void> known = ready.get(name);
        if (known != null) {
            return known;
        }
        Service service = services.get(name);
        if (service == null) {
            return CompletableFuture.completedFuture(null); // nothing of it starts here (e.g. only spares)
        }
        CompletableFuture<Void> started;
        if (service.dependsOn().isEmpty()) {
            started = startInstances(service);
        } else {
            progress.accept(name + " waits for " + String.join(" and ", service.dependsOn()) + " to be ready (depends-on)");
            CompletableFuture<?>[] dependencies = service.dependsOn().stream().map(this::readyOf).toArray(CompletableFuture[]::new);
            started = CompletableFuture.allOf(dependencies).thenCompose(v -> {
                progress.accept(String.join(" and ", service.dependsOn()) + " ready: starting " + name);
                return startInstances(service);
            });
        }
        ready.put(name, started);
        return started;
    }

    private static CompletableFuture<Void> startInstances(Service service) {
        List<CompletableFuture<Void>> instances = new ArrayList<>();
        for (Instance instance : service.instances()) {
            CompletableFuture<Void> one = new CompletableFuture<>();
            Thread starter = new Thread(() -> {
                try {
                    instance.start().run();
                    one.complete(null);
                } catch (RuntimeException | Error e) {
                    one.completeExceptionally(e);
                }
            }, "start-" + instance.name());
            starter.setDaemon(true);
            starter.start();
            instances.add(one);
        }
        return CompletableFuture.allOf(instances.toArray(CompletableFuture[]::new));
    }
}
