package dev.workcluster.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/**
 * The values shell completion offers for an enum option, in lower case as the help spells them
 * (picocli would offer the constants' upper-case names). Each option's candidates are a subclass
 * with a no-argument constructor, which is what picocli's {@code completionCandidates} takes.
 */
abstract class LowerCaseNames implements Iterable<String> {
    private final Class<? extends Enum<?>> type;

    LowerCaseNames(Class<? extends Enum<?>> type) {
        this.type = type;
    }

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(type.getEnumConstants())
                .map(constant -> constant.name().toLowerCase(Locale.ROOT))
                .iterator();
    }
}
