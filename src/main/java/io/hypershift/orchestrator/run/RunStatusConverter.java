package io.hypershift.orchestrator.run;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

@Converter(autoApply = true)
public class RunStatusConverter implements AttributeConverter<RunStatus, String> {

    @Override
    public String convertToDatabaseColumn(RunStatus status) {
        return status == null ? null : status.id();
    }

    @Override
    public RunStatus convertToEntityAttribute(String id) {
        return id == null ? null : RunStatus.fromId(id);
    }
}
