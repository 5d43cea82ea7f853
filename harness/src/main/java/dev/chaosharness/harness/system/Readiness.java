package dev.chaosharness.harness.system;

import java.util.regex.Pattern;

/**
 * One thing a service instance must show before it counts as ready; a service may declare several
 * and all must hold (as Testcontainers' wait strategies combine). Each says what it awaits, so a
 * timeout can name it.
 */
public sealed interface Readiness {

    String describe();

    /** An HTTP GET of {@code path} on the instance's port answers 2xx. */
    record Http(String path) implements Readiness {
        @Override
        public String describe() {
            return "HTTP GET " + path + " answering 2xx";
        }
    }

    /** The instance's port accepts a TCP connection. */
    record Tcp() implements Readiness {
        @Override
        public String describe() {
            return "its port accepting TCP connections";
        }
    }

    /**
     * A line of the instance's output (since its latest start) matches {@code regex}. Equal when
     * the expressions are ({@link Pattern} itself compares by identity): experiments of one system
     * file then declare equal environments, which a suite shares.
     */
    record LogLine(Pattern regex) implements Readiness {
        @Override
        public String describe() {
            return "a log line matching /" + regex.pattern() + "/";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof LogLine line && line.regex.pattern().equals(regex.pattern())
                    && line.regex.flags() == regex.flags();
        }

        @Override
        public int hashCode() {
            return regex.pattern().hashCode();
        }
    }

    /**
     * The consumer group is stable with {@code membersPerInstance} members for each running
     * instance of the service, each member with partitions where there are enough to go round.
     */
    record GroupMember(String group, int membersPerInstance) implements Readiness {
        @Override
        public String describe() {
            return "consumer group " + group + " stable with " + membersPerInstance + " member(s) per running instance";
        }
    }

    /** Each database accepts a JDBC connection of its owner (a postgres service: its port alone is not enough). */
    record Postgres(java.util.List<Launch.Database> databases) implements Readiness {
        public Postgres {
            databases = java.util.List.copyOf(databases);
        }

        @Override
        public String describe() {
            return "a JDBC connection to each of " + databases.stream().map(d -> d.name() + " (as " + d.owner() + ")").toList();
        }
    }
}
