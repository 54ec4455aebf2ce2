package dev.poofbg.billing.users;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {

    @Test
    void aHashIsAnArgon2idPhcStringWithItsOwnSaltThatOnlyItsPasswordMatches() {
        String first = PasswordHasher.hashNow("correct horse battery");
        String second = PasswordHasher.hashNow("correct horse battery");
        assertThat(first).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(first).isNotEqualTo(second);
        assertThat(PasswordHasher.matchesNow("correct horse battery", first)).isTrue();
        assertThat(PasswordHasher.matchesNow("correct horse battery", second)).isTrue();
        assertThat(PasswordHasher.matchesNow("correct horse batterY", first)).isFalse();
        assertThat(PasswordHasher.matchesNow("", first)).isFalse();
    }

    @Test
    void theParametersTravelWithTheHashSoOlderCostsStillVerify() {
        // A hash made with other parameters (1 MiB, 1 pass) is checked with those, not with today's.
        String stored = PasswordHasher.hashNow("correct horse battery").replace("m=19456,t=2", "m=1024,t=1");
        assertThat(PasswordHasher.matchesNow("correct horse battery", stored)).isFalse();
        assertThat(PasswordHasher.matchesNow("anything", "not a phc string")).isFalse();
        assertThat(PasswordHasher.matchesNow("anything", "$argon2i$v=19$m=1024,t=1,p=1$AAAA$AAAA")).isFalse();
    }
}
