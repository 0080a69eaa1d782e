package dev.sublet.supervisor.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AccountsTest {

    private final Accounts accounts = new Accounts(
            List.of("root:x:0:0:root:/root:/bin/sh", "www:x:33:33:www:/var/www:/bin/false", "# comment",
                    "alice:x:1000:1000::/home/alice:/bin/sh"),
            List.of("root:x:0:", "www:x:33:", "staff:x:50:alice,www", "alice:x:1000:"));

    @Test
    void noUserMeansRoot() {
        ContainerUser user = accounts.resolve(null, null);
        assertEquals(0, user.uid());
        assertEquals(0, user.gid());
        assertEquals("/root", user.home());
    }

    @Test
    void aNameGivesItsIdsHomeAndSupplementaryGroups() {
        ContainerUser user = accounts.resolve("alice", null);
        assertEquals(1000, user.uid());
        assertEquals(1000, user.gid());
        assertEquals("/home/alice", user.home());
        assertArrayEquals(new int[] {1000, 50}, user.supplementaryGroups());
    }

    @Test
    void aNumberFindsTheEntryOrStandsAlone() {
        assertEquals("/var/www", accounts.resolve("33", null).home());
        ContainerUser unknown = accounts.resolve("4242", null);
        assertEquals(4242, unknown.uid());
        assertEquals(0, unknown.gid());
        assertEquals("/", unknown.home());
    }

    @Test
    void aGroupOverridesThePrimaryGroup() {
        assertEquals(50, accounts.resolve("www", "staff").gid());
        assertEquals(77, accounts.resolve("www", "77").gid());
    }

    @Test
    void unknownNamesAreErrorsThatNameThem() {
        assertTrue(assertThrows(StageFailure.class, () -> accounts.resolve("bob", null)).getMessage().contains("'bob'"));
        assertTrue(assertThrows(StageFailure.class, () -> accounts.resolve("www", "wheel")).getMessage().contains("'wheel'"));
    }
}
