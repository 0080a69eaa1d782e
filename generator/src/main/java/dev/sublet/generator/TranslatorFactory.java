package dev.sublet.generator;

import dev.sublet.generator.container.QuadletTranslator;
import dev.sublet.generator.container.Translator;
import dev.sublet.generator.userns.DefaultUserNsResolver;
import java.util.function.Consumer;

/** How the generator gets its [Container] translator; tests substitute a fake. */
@FunctionalInterface
public interface TranslatorFactory {

    /**
     * @param warnings where non-fatal notes go (the generator's log)
     * @throws IllegalArgumentException or IllegalStateException if the translator cannot be set up
     */
    Translator create(GeneratorContext context, Consumer<String> warnings);

    /** The production translator: Quadlet's [Container] keys over the real user-namespace resolver. */
    static Translator quadlet(GeneratorContext context, Consumer<String> warnings) {
        return new QuadletTranslator(context, new DefaultUserNsResolver(context, warnings));
    }

    /**
     * {@link #quadlet} as a factory. A class of its own rather than {@code TranslatorFactory::quadlet}:
     * see {@link GeneratorLog#warnings()} for what a method reference costs the generator.
     */
    TranslatorFactory QUADLET = new TranslatorFactory() {
        @Override
        public Translator create(GeneratorContext context, Consumer<String> warnings) {
            return quadlet(context, warnings);
        }
    };
}
