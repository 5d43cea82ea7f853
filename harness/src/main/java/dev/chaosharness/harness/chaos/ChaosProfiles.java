package dev.chaosharness.harness.chaos;

import dev.chaosharness.harness.system.SystemSpec;
import dev.chaosharness.harness.system.Topology;
import dev.chaosharness.harness.yaml.YamlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Finds profiles by name in a directory (the settings' {@code harness.profiles.dir}, default {@code chaos-profiles}). */
public final class ChaosProfiles {

    private ChaosProfiles() {
    }

    /**
     * Reads and checks {@code <name>.yaml} against the names {@code system} has; with {@code seed},
     * the profile's own seed is replaced. The profile's name must be its file's.
     */
    public static ChaosProfile load(Path directory, String name, SystemSpec system, OptionalLong seed) {
        if (name.equals(ChaosProfile.NONE.name())) {
            return ChaosProfile.NONE;
        }
        Path file = directory.resolve(name + ".yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no chaos profile '" + name + "': " + file + " does not exist");
        }
        ChaosProfile profile = new ChaosProfileParser(Topology.of(system)).parse(file, seed);
        if (!profile.name().equals(name)) {
            throw new YamlException(file.toString(), 1, "name", "is '" + profile.name() + "' but the file is "
                    + name + ".yaml; they must match");
        }
        return profile;
    }
}
