package dev.chaosharness.harness.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code ${name}} or {@code ${name:argument}} in a service's wiring, filled per instance by the
 * runtime that starts it. {@code $$} stands for a literal {@code $}.
 *
 * <table>
 *   <tr><td>{@code ${port}}</td><td>the instance's listen port</td></tr>
 *   <tr><td>{@code ${host}}</td><td>the address it should bind (127.0.0.1 locally, 0.0.0.0 in a container)</td></tr>
 *   <tr><td>{@code ${instance}}, {@code ${service}}, {@code ${index}}</td><td>{@code worker-2}, {@code worker}, {@code 2}</td></tr>
 *   <tr><td>{@code ${kafka.bootstrap}}</td><td>the instance's own broker listener, through its link {@code <instance>->kafka}</td></tr>
 *   <tr><td>{@code ${urls:<service>}}</td><td>comma-separated base URLs of the callee's instances, each through {@code <caller>-><callee>-N}</td></tr>
 *   <tr><td>{@code ${url:<service>-<n>}}</td><td>one callee instance's base URL, through its link</td></tr>
 *   <tr><td>{@code ${addr:<service>-<n>}}, {@code ${host:<service>-<n>}}, {@code ${port:<service>-<n>}}</td>
 *       <td>a callee instance's {@code host:port}, host or port through its link, for any TCP client (JDBC, Redis, ...)</td></tr>
 *   <tr><td>{@code ${addrs:<service>}}</td><td>comma-separated {@code host:port} of the callee's instances, each through its link</td></tr>
 *   <tr><td>{@code ${run.dir}}</td><td>the run directory, as the instance sees it</td></tr>
 *   <tr><td>{@code ${data.dir}}</td><td>a directory of the instance's own (a database's files), kept across its
 *       restarts and removed when the environment stops; the local runtime</td></tr>
 *   <tr><td>{@code ${env:<NAME>}}</td><td>the harness's environment variable (must be set)</td></tr>
 * </table>
 */
public record Placeholder(String name, String argument) {

    public static final String PORT = "port";
    public static final String HOST = "host";
    public static final String INSTANCE = "instance";
    public static final String SERVICE = "service";
    public static final String INDEX = "index";
    public static final String KAFKA_BOOTSTRAP = "kafka.bootstrap";
    public static final String URLS = "urls";
    public static final String URL = "url";
    public static final String ADDR = "addr";
    public static final String ADDRS = "addrs";
    public static final String RUN_DIR = "run.dir";
    public static final String DATA_DIR = "data.dir";
    public static final String ENV = "env";

    private static final Set<String> PLAIN = Set.of(PORT, HOST, INSTANCE, SERVICE, INDEX, KAFKA_BOOTSTRAP, RUN_DIR, DATA_DIR);
    private static final Set<String> WITH_ARGUMENT = Set.of(URLS, URL, ADDRS, ADDR, ENV);
    /** Placeholders whose argument names one instance of a callee. */
    private static final Set<String> OF_AN_INSTANCE = Set.of(URL, ADDR, HOST, PORT);
    private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\{([^}:]*)(?::([^}]*))?}");
    private static final Pattern INSTANCE_NAME = Pattern.compile("(.+)-(\\d+)");

    /** What a runtime fills in for one instance. */
    @FunctionalInterface
    public interface Values {
        String value(Placeholder placeholder);
    }

    public static List<Placeholder> in(String text) {
        List<Placeholder> found = new ArrayList<>();
        Matcher matcher = REFERENCE.matcher(text);
        while (matcher.find()) {
            if (!matcher.group().equals("$$")) {
                found.add(new Placeholder(matcher.group(1), matcher.group(2) == null ? "" : matcher.group(2)));
            }
        }
        return found;
    }

    public static String expand(String text, Values values) {
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement = matcher.group().equals("$$") ? "$"
                    : values.value(new Placeholder(matcher.group(1), matcher.group(2) == null ? "" : matcher.group(2)));
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Why this placeholder cannot be filled in, or empty when it is well formed. */
    public java.util.Optional<String> problem() {
        if ((name.equals(HOST) || name.equals(PORT)) && !argument.isEmpty()) {
            return INSTANCE_NAME.matcher(argument).matches() ? java.util.Optional.empty()
                    : java.util.Optional.of("${" + name + ":" + argument + "} must name an instance, e.g. ${" + name + ":db-1}");
        }
        if (PLAIN.contains(name)) {
            return argument.isEmpty() ? java.util.Optional.empty()
                    : java.util.Optional.of("${" + name + "} takes no argument");
        }
        if (WITH_ARGUMENT.contains(name)) {
            if (argument.isBlank()) {
                return java.util.Optional.of("${" + name + ":...} needs an argument");
            }
            if (OF_AN_INSTANCE.contains(name) && !INSTANCE_NAME.matcher(argument).matches()) {
                return java.util.Optional.of("${" + name + ":" + argument + "} must name an instance, e.g. ${" + name
                        + ":backend-1}");
            }
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("unknown placeholder ${" + name + (argument.isEmpty() ? "" : ":" + argument)
                + "}; known: ${port} ${host} ${instance} ${service} ${index} ${kafka.bootstrap} ${urls:<service>} "
                + "${url:<service>-<n>} ${addrs:<service>} ${addr:<service>-<n>} ${host:<service>-<n>} "
                + "${port:<service>-<n>} ${run.dir} ${data.dir} ${env:<NAME>}");
    }

    /** Whether it names a callee: the caller reaches it through a link of the fault proxy. */
    public boolean isCallee() {
        return name.equals(URLS) || name.equals(URL) || name.equals(ADDRS) || name.equals(ADDR)
                || (name.equals(HOST) || name.equals(PORT)) && !argument.isEmpty();
    }

    /** Whether the caller speaks HTTP to the callee ({@code url}, {@code urls}): the link's exchanges are observed. */
    public boolean isHttpCallee() {
        return name.equals(URLS) || name.equals(URL);
    }

    /** The service a callee placeholder names. */
    public String calleeService() {
        if (name.equals(URLS) || name.equals(ADDRS)) {
            return argument;
        }
        Matcher matcher = INSTANCE_NAME.matcher(argument);
        return matcher.matches() ? matcher.group(1) : argument;
    }

    @Override
    public String toString() {
        return "${" + name + (argument.isEmpty() ? "" : ":" + argument) + "}";
    }
}
