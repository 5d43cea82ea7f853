package dev.chaosharness.harness.load;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * Keeps Gatling from asking Maven Central for its latest release. Gatling 3.14's {@code Runner}
 * always calls {@code LatestGatlingRelease.load()}, which fetches
 * {@code repo1.maven.org/.../gatling-core/maven-metadata.xml} unless the Java Preferences node
 * {@code /io/gatling/latestVersion} holds a recent check; no setting turns this off
 * ({@code enableAnalytics = false} does not). So this records a check made just now that found
 * nothing, which is what Gatling itself records when the fetch fails: it then shows no version
 * warning and makes no call. Written by hand because Gatling offers no switch for it.
 */
public final class GatlingVersionCheck {

    static final String NODE = "/io/gatling/latestVersion";

    private GatlingVersionCheck() {
    }

    /** Call before each Gatling run in this JVM; cheap, and a failure to store it is not fatal. */
    public static void skip() {
        Preferences node = Preferences.userRoot().node(NODE);
        node.putLong("lastCheckTimestamp", System.currentTimeMillis());
        node.putBoolean("lastCheckSuccess", false);
        node.remove("latestReleaseNumber");
        node.remove("latestReleaseDate");
        try {
            node.flush();
        } catch (BackingStoreException | SecurityException e) {
            // The values above stay in this JVM's memory, which is where Gatling reads them.
        }
    }
}
