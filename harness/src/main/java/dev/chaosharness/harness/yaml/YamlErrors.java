package dev.chaosharness.harness.yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Gathers the mistakes of a declared file so that all of them are reported at once: each part of
 * the file that can be checked on its own is checked through {@link #attempt}, a mistake in it is
 * kept and the check goes on with the next part. {@link #throwIfAny} then throws one
 * {@link YamlException} naming every mistake, each as {@code file:line: field: message}.
 */
public final class YamlErrors {

    private final List<YamlException> found = new ArrayList<>();

    /** The part's result, or empty when it holds a mistake (kept for {@link #throwIfAny}). */
    public <T> Optional<T> attempt(Supplier<T> part) {
        try {
            return Optional.ofNullable(part.get());
        } catch (YamlException e) {
            found.addAll(e.mistakes());
            return Optional.empty();
        }
    }

    public void check(Runnable part) {
        attempt(() -> {
            part.run();
            return Boolean.TRUE;
        });
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    /** Throws the one mistake found, or all of them in one exception. */
    public void throwIfAny() {
        if (found.size() == 1) {
            throw found.get(0);
        }
        if (!found.isEmpty()) {
            throw new YamlException(found);
        }
    }
}
