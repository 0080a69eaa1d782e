package dev.sublet.generator.output;

import java.io.IOException;

/** Where generated services go: the generator's output directory, or stdout for {@code --dryrun}. */
public interface UnitSink {

    void accept(ServiceUnit unit) throws IOException;
}
