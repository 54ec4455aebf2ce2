package dev.poofbg.common;

import dev.poofbg.common.storage.ObjectKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectKeysTest {

    @Test
    void everyObjectOfAJobLivesUnderItsAccountsPrefix() {
        assertThat(ObjectKeys.input("acct_1", "job_a")).isEqualTo("inputs/acct_1/job_a");
        assertThat(ObjectKeys.result("acct_1", "job_a", "png")).isEqualTo("results/acct_1/job_a.png");
        assertThat(ObjectKeys.attempts("acct_1", "job_a")).isEqualTo("attempts/acct_1/job_a");
    }

    @Test
    void aResultBelongsToAnAccountOnlyUnderItsOwnPrefix() {
        assertThat(ObjectKeys.isResultOf("results/acct_1/job_a.png", "acct_1")).isTrue();
        assertThat(ObjectKeys.isResultOf("results/acct_12/job_a.png", "acct_1")).isFalse();
        assertThat(ObjectKeys.isResultOf("inputs/acct_1/job_a", "acct_1")).isFalse();
        assertThat(ObjectKeys.isResultOf(null, "acct_1")).isFalse();
    }
}
