package dev.chaosharness.ledger.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --name value} or {@code --name=value} arguments (the second is how a harness passes
 * Spring-style properties); a missing value or a stray word is an error naming it.
 */
final class Options {

    private Options() {
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            if (args[i].startsWith("--") && equals > 2) {
                options.put(args[i].substring(2, equals), args[i].substring(equals + 1));
                continue;
            }
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        for (String required : new String[] {"port", "bootstrap"}) {
            if (!options.containsKey(required)) {
                throw new IllegalArgumentException("--" + required + " is required");
            }
        }
        return options;
    }
}
