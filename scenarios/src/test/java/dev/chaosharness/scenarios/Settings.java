package dev.chaosharness.scenarios;

import dev.chaosharness.harness.settings.HarnessSettings;

/** The harness settings failsafe passes as system properties (the pom's), read once for every IT. */
final class Settings {

    static final HarnessSettings SETTINGS = HarnessSettings.fromSystemProperties();

    private Settings() {
    }
}
