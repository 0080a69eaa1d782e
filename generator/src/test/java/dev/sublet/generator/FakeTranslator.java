package dev.sublet.generator;

import dev.sublet.common.RunSpec;
import dev.sublet.generator.container.Translation;
import dev.sublet.generator.container.Translator;
import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFile;
import dev.sublet.generator.unit.UnitFileException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Stands in for the [Container] translation: Rootfs= and Exec= (split at spaces) only. A
 * {@code Fail=} key is rejected like an unsupported key, {@code Crash=} throws a bug-like exception.
 */
final class FakeTranslator implements Translator {

    final List<String> translated = new ArrayList<>();
    Set<String> finishedWith;
    IOException finishFailure;

    @Override
    public Translation translate(UnitFile unit, String serviceName) throws UnitFileException {
        translated.add(serviceName);
        Entry fail = unit.last("Container", "Fail");
        if (fail != null) {
            throw new UnitFileException(fail, "unsupported key 'Fail' in group 'Container'");
        }
        if (unit.last("Container", "Crash") != null) {
            throw new IllegalStateException("simulated bug");
        }
        Entry rootfs = unit.last("Container", "Rootfs");
        if (rootfs == null) {
            throw new UnitFileException(unit.path(), 0, "Rootfs", "missing");
        }
        RunSpec spec = new RunSpec().name(serviceName.replace(".service", "")).unit(serviceName).rootfs(rootfs.value());
        Entry exec = unit.last("Container", "Exec");
        spec.command().addAll(List.of((exec == null ? "/bin/true" : exec.value()).split(" ")));
        return new Translation(spec, rootfs.value().startsWith("/") ? List.of(rootfs.value()) : List.of());
    }

    @Override
    public void finish(Set<String> presentServiceNames) throws IOException {
        finishedWith = presentServiceNames;
        if (finishFailure != null) {
            throw finishFailure;
        }
    }
}
