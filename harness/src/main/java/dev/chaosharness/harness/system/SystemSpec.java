package dev.chaosharness.harness.system;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A system under test as its system file declares it: the Kafka topics to create and the
 * services, as they start. Nothing else in the engine knows a service's name.
 *
 * @param name     the system's name, for reports
 * @param source   the file it was read from (or a name for a system built in code)
 * @param topics        created as soon as the broker answers
 * @param services      by name, as declared
 * @param servicesStart whether the services start once the topics exist, or with the broker
 */
public record SystemSpec(String name, Path source, List<TopicSpec> topics, Map<String, ServiceSpec> services,
                         ServicesStart servicesStart) {

    /** {@code kafka.services-start} of the system file. */
    public enum ServicesStart {
        /** The broker starts and the topics are created first: for services that need their topics at boot (Kafka Streams). */
        AFTER_TOPICS("after-topics"),
        /** Services start with the broker (their Kafka clients retry until it answers): a faster start. */
        WITH_BROKER("with-broker");

        private final String spelling;

        ServicesStart(String spelling) {
            this.spelling = spelling;
        }

        public String spelling() {
            return spelling;
        }
    }

    public SystemSpec {
        topics = List.copyOf(topics);
        services = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    public SystemSpec(String name, Path source, List<TopicSpec> topics, Map<String, ServiceSpec> services) {
        this(name, source, topics, services, ServicesStart.AFTER_TOPICS);
    }

    public ServiceSpec service(String serviceName) {
        ServiceSpec service = services.get(serviceName);
        if (service == null) {
            throw new NoSuchElementException("no service named '" + serviceName + "' in system '" + name
                    + "'; known: " + services.keySet());
        }
        return service;
    }

    public boolean hasTopic(String topic) {
        return topics.stream().anyMatch(t -> t.name().equals(topic));
    }

    /** Every consumer group a service declares, with the service that declares it. */
    public Map<String, String> groups() {
        Map<String, String> groups = new LinkedHashMap<>();
        services.values().forEach(s -> s.groups().forEach(g -> groups.putIfAbsent(g, s.name())));
        return groups;
    }

    /** A copy with one service replaced (an experiment's override). */
    public SystemSpec withService(ServiceSpec service) {
        service(service.name());
        Map<String, ServiceSpec> changed = new LinkedHashMap<>(services);
        changed.put(service.name(), service);
        return new SystemSpec(name, source, topics, changed, servicesStart);
    }

    /** Instance names of every service, spares included, as they start: {@code <service>-1 .. -N}. */
    public List<String> instanceNames() {
        List<String> names = new ArrayList<>();
        services.values().forEach(s -> names.addAll(s.instanceNames()));
        return names;
    }
}
