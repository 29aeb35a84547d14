package io.hypershift.orchestrator.api;

import io.hypershift.orchestrator.error.BadRequestException;

/** Numeric query parameters: absent means the default, anything but a whole number is a 400. */
final class QueryNumbers {

    private QueryNumbers() {
    }

    static int parse(String name, String value, int defaultValue) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new BadRequestException("Query parameter " + name + " must be a whole number");
        }
    }
}
