package dev.poofbg.common;

import dev.poofbg.common.events.JobStatus;
import dev.poofbg.common.keys.ApiKeys;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class IdsAndKeysTest {

    @Test
    void jobIdsAreWellFormedAndDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = JobIds.newId();
            assertThat(JobIds.isWellFormed(id)).isTrue();
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
        assertThat(JobIds.isWellFormed("job_abc")).isFalse();
        assertThat(JobIds.isWellFormed("job_" + "a".repeat(23) + "!")).isFalse();
        assertThat(JobIds.isWellFormed(null)).isFalse();
    }

    @Test
    void keysCarryThePrefixAndAreStoredOnlyAsHashAndDisplayPrefix() {
        String key = ApiKeys.generate();
        assertThat(key).startsWith("pk_live_").hasSize(48);
        assertThat(ApiKeys.isWellFormed(key)).isTrue();
        assertThat(ApiKeys.isWellFormed("pk_live_short")).isFalse();
        assertThat(ApiKeys.isWellFormed("pk_test_" + "a".repeat(40))).isFalse();
        String hash = ApiKeys.hash(key);
        assertThat(hash).hasSize(64).matches("[0-9a-f]+").doesNotContain(key.substring(8));
        assertThat(ApiKeys.hash(key)).isEqualTo(hash);
        assertThat(ApiKeys.hash(ApiKeys.generate())).isNotEqualTo(hash);
        assertThat(ApiKeys.displayPrefix(key)).isEqualTo(key.substring(0, 14));
    }

    @Test
    void statusesOnlyMoveForward() {
        assertThat(JobStatus.PENDING.canAdvanceTo(JobStatus.PROCESSING)).isTrue();
        assertThat(JobStatus.PROCESSING.canAdvanceTo(JobStatus.COMPLETED)).isTrue();
        assertThat(JobStatus.PENDING.canAdvanceTo(JobStatus.FAILED)).isTrue();
        assertThat(JobStatus.PROCESSING.canAdvanceTo(JobStatus.PENDING)).isFalse();
        assertThat(JobStatus.COMPLETED.canAdvanceTo(JobStatus.FAILED)).isFalse();
        assertThat(JobStatus.FAILED.canAdvanceTo(JobStatus.COMPLETED)).isFalse();
        assertThat(JobStatus.PROCESSING.canAdvanceTo(JobStatus.PROCESSING)).isFalse();
        assertThat(JobStatus.fromWire("completed")).isEqualTo(JobStatus.COMPLETED);
        assertThat(JobStatus.COMPLETED.wireName()).isEqualTo("completed");
    }
}
