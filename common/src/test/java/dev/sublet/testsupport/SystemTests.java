package dev.sublet.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Gatekeeper for tests that need something of the machine (root, the test user, busybox,
 * dbus-daemon, systemd). Without it they skip, but CI sets SUBLET_REQUIRE_SYSTEM_TESTS=1 and then
 * a missing capability fails the test instead: a skipped system test is not a passing one.
 */
public final class SystemTests {

    private SystemTests() {
    }

    public static boolean required() {
        return "1".equals(System.getenv("SUBLET_REQUIRE_SYSTEM_TESTS"));
    }

    /** Skips (or, in CI, fails) the calling test unless {@code available}. */
    public static void need(boolean available, String capability) {
        if (available) {
            return;
        }
        if (required()) {
            fail("system test needs " + capability + ", and SUBLET_REQUIRE_SYSTEM_TESTS=1 forbids skipping");
        }
        Assumptions.abort("needs " + capability);
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    public static void needRoot() {
        need(isRoot(), "root");
    }

    /** The unprivileged user that rootless tests run as (created by scripts/setup-test-user.sh). */
    public static String testUser() {
        String user = System.getenv("SUBLET_TEST_USER");
        return user == null || user.isEmpty() ? "sublet-test" : user;
    }

    public static void needTestUser() {
        needRoot();
        need(passwdHasUser(testUser()), "test user " + testUser() + " (run scripts/setup-test-user.sh)");
    }

    public static void needExecutable(String path) {
        need(Files.isExecutable(Path.of(path)), path);
    }

    private static boolean passwdHasUser(String user) {
        try {
            return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith(user + ":"));
        } catch (IOException e) {
            return false;
        }
    }
}
