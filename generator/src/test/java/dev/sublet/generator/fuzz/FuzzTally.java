package dev.sublet.generator.fuzz;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the inputs every fuzz property really tried (jqwik's tries, plus the extra inputs a try
 * derives, such as drop-ins), so the suite can print how much was fuzzed: one line per property
 * and a running total, e.g. {@code fuzz: UnitFileFuzzTest.someProperty: 1500 inputs}.
 */
final class FuzzTally {

    private static final Map<String, AtomicLong> COUNTS = new TreeMap<>();
    private static long total;

    private FuzzTally() {
    }

    static synchronized void count(String property, long inputs) {
        COUNTS.computeIfAbsent(property, k -> new AtomicLong()).addAndGet(inputs);
        total += inputs;
    }

    /** Records how many of the inputs had some outcome (e.g. were accepted); not added to the total. */
    static synchronized void outcome(String property, long inputs) {
        COUNTS.computeIfAbsent(property, k -> new AtomicLong()).addAndGet(inputs);
    }

    /** Prints the counts of one test class's properties (call from its {@code @AfterContainer}). */
    static synchronized void print(Class<?> testClass) {
        String prefix = testClass.getSimpleName() + ".";
        COUNTS.forEach((property, count) -> {
            if (property.startsWith(prefix)) {
                System.out.println("fuzz: " + property + ": " + count.get() + " inputs");
            }
        });
        System.out.println("fuzz: total inputs tried so far in this run: " + total);
    }
}
