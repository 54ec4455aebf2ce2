package dev.poofbg.gateway.removal;

import dev.poofbg.common.error.ApiException;
import dev.poofbg.common.error.ErrorCode;
import dev.poofbg.common.output.OutputOptions;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The output options of a removal request, from its form fields or JSON keys: an unknown name or an invalid value is
 * {@code INVALID_REQUEST} naming it, before anything is stored or charged.
 */
final class OutputOptionFields {

    private OutputOptionFields() {
    }

    /** Refuses any name that is neither an option nor one of {@code others}. */
    static void refuseUnknown(Collection<String> names, List<String> others) {
        Set<String> known = new HashSet<>(OutputOptions.NAMES);
        known.addAll(others);
        for (String name : names) {
            if (!known.contains(name)) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "Unknown field " + name + ": the fields are "
                        + String.join(", ", others) + " and the options " + String.join(", ", OutputOptions.NAMES));
            }
        }
    }

    static OutputOptions parse(Function<String, String> field) {
        try {
            return OutputOptions.parse(field);
        } catch (OutputOptions.InvalidOptionException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, e.getMessage());
        }
    }
}
