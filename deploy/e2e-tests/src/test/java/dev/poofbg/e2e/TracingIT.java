package dev.poofbg.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One trace per job across the three services: the POST, billing's reservation, the publish to Kafka, the worker's
 * job and its stages, the completion event as the gateway and billing receive it; the context travels in HTTP and
 * Kafka record headers. The services export to the suite's loopback OTLP receiver.
 */
@ExtendWith(Platform.class)
class TracingIT {

    @Test
    void oneTraceFollowsAJobThroughAllThreeServices() throws Exception {
        Accounts.Account account = Accounts.create("pro");
        Http.Response accepted = Http.postMultipart(Platform.get().apiUrl() + "/v1/remove-background", account.key(),
                Http.Part.file("a.png", "image/png", TestImages.png(TestImages.subjectOnBackdrop(320, 240))));
        assertThat(accepted.status()).as(accepted.text()).isIn(200, 202);
        String jobId = accepted.json().get("id").asText();
        Jobs.awaitTerminal(Platform.get().apiUrl(), account.key(), jobId, Duration.ofSeconds(60));

        TraceReceiver.ReceivedSpan job = await(() -> Platform.get().traces.spans().stream()
                .filter(span -> jobId.equals(span.attributes().get("poof.job_id"))).findFirst());
        assertThat(job.service()).isEqualTo("inference-worker");
        String traceId = job.traceId();

        Set<String> expected = Set.of("api-gateway|POST /v1/remove-background", "api-gateway|store input",
                "billing-service|POST /internal/v1/reservations", "inference-worker|process job",
                "inference-worker|decode", "inference-worker|model", "inference-worker|encode", "inference-worker|store",
                "api-gateway|jobs.events receive", "billing-service|jobs.events receive");
        Set<String> seen = await(() -> {
            Set<String> inTrace = Platform.get().traces.spans().stream().filter(span -> span.traceId().equals(traceId))
                    .map(span -> span.service() + "|" + span.name()).collect(Collectors.toSet());
            return inTrace.containsAll(expected) ? Optional.of(inTrace) : Optional.empty();
        }, () -> "spans of trace " + traceId + ": " + Platform.get().traces.spans().stream()
                .filter(span -> span.traceId().equals(traceId)).map(span -> span.service() + "|" + span.name())
                .sorted().collect(Collectors.toList()));
        assertThat(seen).containsAll(expected);
        // No other trace claims the job: the worker's span is the job's only one.
        List<TraceReceiver.ReceivedSpan> claims = Platform.get().traces.spans().stream()
                .filter(span -> jobId.equals(span.attributes().get("poof.job_id"))).toList();
        assertThat(claims).allMatch(span -> span.traceId().equals(traceId));
    }

    private static <T> T await(java.util.function.Supplier<Optional<T>> probe) throws InterruptedException {
        return await(probe, () -> "no such span");
    }

    private static <T> T await(java.util.function.Supplier<Optional<T>> probe,
                               java.util.function.Supplier<String> describe) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("within 30 s: " + describe.get());
    }
}
