package dev.chaosharness.harness.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosharness.harness.yaml.YamlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemFileParserTest {

    @TempDir
    Path dir;

    private Path mavenRepository = TestSystems.NO_MAVEN_REPOSITORY;

    private SystemSpec parse(String yaml) {
        return new SystemFileParser(Map.of("JAVA21_HOME", dir.resolve("jdk21").toString())::get, mavenRepository)
                .parse(dir.resolve("system.yaml"), yaml);
    }

    private void assertError(String yaml, int line, String field, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(YamlException.class)
                .hasMessageStartingWith(dir.resolve("system.yaml") + ":" + line + ": " + field + ": ")
                .hasMessageContaining(message);
    }

    @Test
    void aTeamsSystemParsesWithEveryKindOfLaunchAndReadiness() throws IOException {
        Files.createDirectories(dir.resolve("orders/target"));
        Files.writeString(dir.resolve("orders/target/orders-1.4.2.jar"), "jar");
        Files.createDirectories(dir.resolve("jdk21/bin"));
        Files.createDirectories(dir.resolve("pricing"));
        Path javaBinary = Files.writeString(dir.resolve("jdk21/bin/java"), "#!/bin/sh");
        javaBinary.toFile().setExecutable(true);

        SystemSpec system = parse("""
                name: shop
                kafka:
                  topics:
                    - name: orders
                      partitions: 3
                      config: {cleanup.policy: compact}
                services:
                  orders:
                    jar: orders/target/orders-*.jar
                    java-home: ${env:JAVA21_HOME}
                    jvm-options: [-Xmx128m]
                    instances: 2
                    properties:
                      spring.kafka.bootstrap-servers: ${kafka.bootstrap}
                      pricing.url: ${url:pricing-1}
                    groups: [order-events]
                    ready:
                      log: "Started .* in"
                      group: {name: order-events, members-per-instance: 2}
                      timeout-seconds: 180
                  pricing:
                    command: [python3, pricing.py, "${port}"]
                    working-dir: pricing
                    ready: {tcp: true}
                """);

        assertThat(system.name()).isEqualTo("shop");
        assertThat(system.topics()).containsExactly(new TopicSpec("orders", 3, Map.of("cleanup.policy", "compact")));
        ServiceSpec orders = system.service("orders");
        assertThat(orders.launch()).isEqualTo(new Launch.Jar(dir.resolve("orders/target/orders-1.4.2.jar"),
                java.util.Optional.of(dir.resolve("jdk21")), java.util.List.of("-Xmx128m")));
        assertThat(((Launch.Jar) orders.launch()).workingDir()).as("a jar without working-dir runs where the runtime says").isEmpty();
        assertThat(orders.jvm()).as("a jar is a JVM unless it says otherwise").isTrue();
        assertThat(orders.instanceNames()).containsExactly("orders-1", "orders-2");
        assertThat(orders.isKafkaClient()).isTrue();
        assertThat(orders.callees()).containsExactly("pricing");
        assertThat(orders.readiness()).hasSize(2).last().isEqualTo(new Readiness.GroupMember("order-events", 2));
        assertThat(orders.readyTimeout()).contains(java.time.Duration.ofSeconds(180));
        ServiceSpec pricing = system.service("pricing");
        assertThat(pricing.launch()).isEqualTo(new Launch.Command(java.util.List.of("python3", "pricing.py", "${port}"),
                dir.resolve("pricing")));
        assertThat(pricing.jvm()).isFalse();
        assertThat(pricing.readiness()).containsExactly(new Readiness.Tcp());
        assertThat(pricing.readyTimeout()).as("the harness's default applies").isEmpty();
        assertThat(system.groups()).containsEntry("order-events", "orders");
    }

    @Test
    void aJarMayRunInADirectoryOfTheTeamsAndAMissingOneIsNamed() throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/stub.jar"), "jar");
        Files.createDirectories(dir.resolve("stub-files"));

        SystemSpec system = parse("""
                name: stubs
                services:
                  stub:
                    jar: lib/stub.jar
                    working-dir: stub-files
                """);

        assertThat(((Launch.Jar) system.service("stub").launch()).workingDir()).contains(dir.resolve("stub-files"));
        assertThatThrownBy(() -> parse("""
                name: stubs
                services:
                  stub:
                    jar: lib/stub.jar
                    working-dir: no-such-dir
                  db:
                    image: postgres:16
                    working-dir: stub-files
                """)).hasMessageContaining("services.stub.working-dir").hasMessageContaining("no-such-dir is no directory")
                .hasMessageContaining("services.db.working-dir").hasMessageContaining("applies to a jar or a command only");
    }

    @Test
    void aJarMayBeProfiledByAsyncProfilerWithOneOfItsEvents() throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/stub.jar"), "jar");
        SystemSpec system = parse("""
                name: stubs
                services:
                  stub:
                    jar: lib/stub.jar
                    profile: wall
                """);

        assertThat(system.service("stub").launch().profile()).contains("wall");
        assertThat(system.service("stub").launch().describe()).endsWith("profiled by async-profiler (profile: wall)");
        assertThatThrownBy(() -> parse("""
                name: stubs
                services:
                  stub:
                    jar: lib/stub.jar
                    profile: itimer
                  db:
                    image: postgres:16
                    profile: cpu
                """)).hasMessageContaining("services.stub.profile").hasMessageContaining("must be one of [wall, cpu, alloc], was 'itimer'")
                .hasMessageContaining("services.db.profile").hasMessageContaining("applies to a jar only");
    }

    @Test
    void servicesStartAfterTheTopicsUnlessTheFileSaysWithTheBroker() {
        assertThat(parse("""
                name: shop
                services:
                  api:
                    command: [api]
                """).servicesStart()).isEqualTo(SystemSpec.ServicesStart.AFTER_TOPICS);
        assertThat(parse("""
                name: shop
                kafka:
                  services-start: with-broker
                services:
                  api:
                    command: [api]
                """).servicesStart()).isEqualTo(SystemSpec.ServicesStart.WITH_BROKER);
        assertError("""
                name: shop
                kafka:
                  services-start: together
                services:
                  api:
                    command: [api]
                """, 3, "kafka.services-start", "must be after-topics (the default) or with-broker, was 'together'");
    }

    @Test
    void anUnknownFieldIsNamedWithItsLine() {
        assertError("""
                name: shop
                services:
                  api:
                    command: [api]
                    instance: 2
                """, 5, "services.api.instance", "unknown field; known: [args, build,");
    }

    @Test
    void aServiceMustSayHowItRunsAndOnlyOnce() {
        assertError("""
                name: shop
                services:
                  api:
                    instances: 2
                """, 3, "services.api", "give one of jar, command, image or postgres");
        assertError("""
                name: shop
                services:
                  api:
                    jar: api.jar
                    image: team/api:1
                """, 3, "services.api", "gives jar and image; give one of jar, command, image or postgres (or a command for"
                + " the local runtime and an image for the docker runtime)");
        assertError("""
                name: shop
                services:
                  api:
                    command: [api]
                    image-port: 5432
                """, 5, "services.api.image-port", "applies to an image only");
    }

    @Test
    void aMissingJarSaysHowToBuildIt() {
        assertError("""
                name: shop
                services:
                  api:
                    jar: api/target/api-*.jar
                    build: mvn -B package -pl api
                """, 4, "services.api.jar", "matches no file (build it first: mvn -B package -pl api)");
    }

    @Test
    void aJarByMavenCoordinatesIsFoundInTheLocalRepositoryOrNamedWithTheCommandThatFetchesIt() throws IOException {
        Path repository = dir.resolve("m2");
        Path jar = repository.resolve("com/team/api/1.2/api-1.2-exec.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "");
        String yaml = """
                name: shop
                services:
                  api:
                    jar: maven:com.team:api:1.2:exec
                """;
        mavenRepository = repository;

        assertThat(parse(yaml).service("api").launch()).isInstanceOfSatisfying(Launch.Jar.class,
                j -> assertThat(j.jar()).isEqualTo(jar));
        assertError(yaml.replace("1.2:exec", "1.3"), 4, "services.api.jar", "maven:com.team:api:1.3 is not in the local "
                + "Maven repository (" + repository.resolve("com/team/api/1.3/api-1.3.jar") + "); the chaos-harness Maven "
                + "plugin resolves it before a run, or: mvn dependency:get -Dartifact=com.team:api:jar:1.3");
        assertError(yaml.replace("maven:com.team:api:1.2:exec", "maven:com.team:api"), 4, "services.api.jar",
                "is not maven:group:artifact:version[:classifier]");
    }

    @Test
    void aPlaceholderNamingAnUnknownServiceOrInstanceIsAnError() {
        assertError("""
                name: shop
                services:
                  api:
                    command: [api]
                    properties:
                      a: b
                      backend.urls: ${urls:backend}
                """, 7, "services.api", "${urls:backend} names no service of this system; known: [api]");
        assertError("""
                name: shop
                services:
                  api:
                    command: [api]
                    args: ["--one=${url:api-2}"]
                """, 5, "services.api", "${url:api-2} names no instance of api; it has [api-1]");
    }

    @Test
    void anUnknownPlaceholderListsTheKnownOnes() {
        assertError("""
                name: shop
                services:
                  api:
                    command: [api]
                    env:
                      PORT: ${listen.port}
                """, 6, "services.api", "unknown placeholder ${listen.port}; known: ${port}");
    }

    @Test
    void anUnsetEnvironmentVariableIsNamed() {
        assertError("""
                name: shop
                services:
                  api:
                    command: [api]
                    env: {TOKEN: "${env:API_TOKEN}"}
                """, 5, "services.api", "${env:API_TOKEN} is not set");
    }

    @Test
    void aReadinessGroupMustBeOneOfTheServicesGroups() {
        assertError("""
                name: shop
                services:
                  consumer:
                    command: [consumer]
                    groups: [ledger]
                    ready:
                      group: audit
                """, 7, "services.consumer.ready.group", "group 'audit' is not one of the service's groups [ledger]");
    }

    @Test
    void badValuesAreNamed() {
        assertError("""
                name: shop
                services:
                  api:
                    command: [api]
                    instances: many
                """, 5, "services.api.instances", "must be a whole number, was 'many'");
        assertError("""
                name: shop
                kafka:
                  topics:
                    - {name: t, partitions: 0}
                services:
                  api: {command: [api]}
                """, 4, "kafka.topics[1].partitions", "must be between 1 and 10000, was 0");
        assertError("""
                name: shop
                services:
                  api: {command: [api], jvm: true}
                """, 3, "services.api.jvm", "a command is not run as a JVM");
        assertError("""
                name: shop
                services:
                  api-2: {command: [api]}
                """, 3, "services.api-2", "not end in -<number>");
        assertError("""
                name: shop
                services:
                  api:
                    command: [api]
                    ready: {http: health}
                """, 5, "services.api.ready.http", "must be a path starting with /");
        assertError("""
                name: shop
                services:
                  api:
                    command: [api]
                    ready: {tcp: true, timeout-seconds: 0}
                """, 5, "services.api.ready.timeout-seconds", "must be between 1 and 3600, was 0");
    }

    @Test
    void everyBrokenServiceIsNamedAtOnce() {
        assertThatThrownBy(() -> parse("""
                name: shop
                services:
                  api:
                    command: [api]
                    ready: {http: health}
                  worker:
                    command: [worker]
                    instances: 0
                """)).isInstanceOf(YamlException.class).hasMessageStartingWith("2 mistakes:")
                .hasMessageContaining(":5: services.api.ready.http: must be a path starting with /")
                .hasMessageContaining(":8: services.worker.instances: must be between 1 and 32");
    }

    @Test
    void dependsOnNamesServicesOfTheFile() {
        SystemSpec system = parse("""
                name: shop
                services:
                  db:
                    command: [db]
                  cache:
                    command: [cache]
                  api:
                    command: [api]
                    depends-on: [db, cache]
                """);
        assertThat(system.service("api").dependsOn()).containsExactly("db", "cache");
        assertThat(system.service("db").dependsOn()).as("no depends-on: starts at once").isEmpty();
    }

    @Test
    void everyUnknownDependencyAndACycleAreNamedAtOnce() {
        assertThatThrownBy(() -> parse("""
                name: shop
                services:
                  api:
                    command: [api]
                    depends-on: [dbb]
                  worker:
                    command: [worker]
                    depends-on: [worker]
                """)).isInstanceOf(YamlException.class).hasMessageStartingWith("2 mistakes:")
                .hasMessageContaining(":5: services.api.depends-on: 'dbb' names no service of this system; known: [api, worker]")
                .hasMessageContaining(":8: services.worker.depends-on: a service cannot depend on itself");
        assertError("""
                name: shop
                services:
                  api:
                    command: [api]
                    depends-on: [worker]
                  worker:
                    command: [worker]
                    depends-on: [db]
                  db:
                    command: [db]
                    depends-on: [api]
                """, 5, "services.api.depends-on", "services wait for each other in a cycle: api -> worker -> db -> api");
    }

    @Test
    void aPostgresServiceDeclaresDatabasesWithOwnersInitSqlAndKeepData() throws IOException {
        Files.createDirectories(dir.resolve("sql"));
        Files.writeString(dir.resolve("sql/orders-init.sql"), "CREATE EXTENSION pgcrypto;");
        SystemSpec system = parse("""
                name: shop
                services:
                  orders-db:
                    postgres:
                      databases:
                        - {name: orders, owner: orders, password: orders}
                        - {name: audit, owner: auditor, password: "it's"}
                      init-sql: [sql/orders-init.sql]
                      keep-data: on-failure
                      options: [max_connections=200]
                  api:
                    command: [api]
                    depends-on: [orders-db]
                    properties:
                      db.url: jdbc:postgresql://${addr:orders-db-1}/orders
                """);
        ServiceSpec db = system.service("orders-db");
        assertThat(db.launch()).isEqualTo(new Launch.Postgres(java.util.List.of(new Launch.Database("orders", "orders", "orders"),
                new Launch.Database("audit", "auditor", "it's")), java.util.List.of(dir.resolve("sql/orders-init.sql")),
                Launch.KeepData.ON_FAILURE, java.util.List.of("max_connections=200")));
        assertThat(db.launch().runsOn(Launch.Host.PROCESSES)).isTrue();
        assertThat(db.launch().runsOn(Launch.Host.CONTAINERS)).isTrue();
        assertThat(db.jvm()).isFalse();
        assertThat(db.readiness()).as("ready once each database takes its owner's connection")
                .containsExactly(new Readiness.Postgres(((Launch.Postgres) db.launch()).databases()));
        assertThat(((Launch.Postgres) parse("""
                name: shop
                services:
                  db:
                    postgres:
                      databases: [{name: orders, owner: orders, password: orders}]
                """).service("db").launch()).keepData()).as("the default").isEqualTo(Launch.KeepData.NEVER);
    }

    @Test
    void keepDataKeepsOnFailureOnlyWhenTheRunDidNotPass() {
        assertThat(Launch.KeepData.ON_FAILURE.keeps(false)).isTrue();
        assertThat(Launch.KeepData.ON_FAILURE.keeps(true)).isFalse();
        assertThat(Launch.KeepData.ALWAYS.keeps(true)).isTrue();
        assertThat(Launch.KeepData.NEVER.keeps(false)).isFalse();
    }

    @Test
    void everyMistakeOfAPostgresServiceIsNamed() {
        assertThatThrownBy(() -> parse("""
                name: shop
                services:
                  a-db:
                    postgres:
                      databases:
                        - {name: Orders, owner: orders, password: x}
                  b-db:
                    postgres:
                      databases: [{name: b, owner: b}]
                      init-sql: [missing.sql]
                  c-db:
                    postgres:
                      databases: [{name: c, owner: c, password: c}]
                      keep-data: sometimes
                  d-db:
                    postgres: {databases: [{name: d, owner: d, password: d}]}
                    args: [--fast]
                """)).isInstanceOf(YamlException.class).hasMessageStartingWith("4 mistakes:")
                .hasMessageContaining(":6: services.a-db.postgres.databases[1].name: must be a lower-case SQL name")
                .hasMessageContaining(":9: services.b-db.postgres.databases[1].password: ")
                .hasMessageContaining(":14: services.c-db.postgres.keep-data: must be never (the default), on-failure or always")
                .hasMessageContaining(":17: services.d-db.args: does not apply to a postgres service");
        assertError("""
                name: shop
                services:
                  db:
                    postgres: {databases: [{name: d, owner: d, password: d}], init-sql: [missing.sql]}
                """, 4, "services.db.postgres.init-sql[1]", "missing.sql is no file (paths are relative to the system file)");
        assertError("""
                name: shop
                services:
                  db:
                    postgres: {databases: []}
                """, 4, "services.db.postgres.databases", "declare at least one");
        assertError("""
                name: shop
                services:
                  db:
                    postgres: {databases: [{name: d, owner: d, password: d}]}
                    image: postgres:16
                """, 3, "services.db", "gives image and postgres; give one of jar, command, image or postgres");
    }

    @Test
    void brokenYamlNamesItsLine() {
        assertThatThrownBy(() -> parse("name: shop\nservices:\n  api: [unclosed\n"))
                .isInstanceOf(YamlException.class).hasMessageContaining("system.yaml:");
    }
}
