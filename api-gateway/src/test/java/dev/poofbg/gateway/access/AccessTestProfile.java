package dev.poofbg.gateway.access;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;

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

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
