package dev.poofbg.worker.jobs;

import dev.poofbg.worker.image.Stages;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Times each stage of a job, {@code poof_worker_stage_seconds{stage}} (with histogram buckets), and traces it as a
 * span of the job's trace: {@code input} (download or read from storage), {@code decode}, {@code model} (the network
 * and the mask's upsampling), {@code matting} (the mask's uncertain band), {@code foreground} (blur-fusion colours,
 * when on), {@code encode} (composition and PNG), {@code store}.
 */
@Singleton
public class JobStages implements Stages {

    static final List<String> NAMES = List.of("input", "decode", "model", "matting", "foreground", "encode",
            "store");

    private final Map<String, Timer> timers;
    private final Tracer tracer;

    public JobStages(MeterRegistry registry, Tracer tracer) {
        this.tracer = tracer;
        this.timers = NAMES.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), stage ->
                Timer.builder("poof.worker.stage").description("Time of one stage of a job")
                        .tag("stage", stage)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(30))
                        .register(registry)));
    }

    @Override
    public Stage begin(String stage) {
        Timer timer = timers.get(stage);
        if (timer == null) {
            throw new IllegalArgumentException("unknown stage " + stage);
        }
        Span span = tracer.spanBuilder(stage).startSpan();
        Scope scope = span.makeCurrent();
        long start = System.nanoTime();
        return () -> {
            timer.record(Duration.ofNanos(System.nanoTime() - start));
            scope.close();
            span.end();
        };
    }
}
