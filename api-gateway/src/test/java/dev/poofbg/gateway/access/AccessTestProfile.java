package dev.poofbg.gateway.access;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * Runs the access tests against {@link KeyBillingDouble} only: other test classes may register
 * their own billing double globally, and two doubles fighting over the billing URL would make
 * these tests depend on which one wins.
 */
public class AccessTestProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KeyBillingDouble.class));
    }

    /** Shorter outage timings than production, so the outage tests stay quick. */
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("poof.billing.timeout", "500ms", "poof.auth.billing-retry-interval", "1s");
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
