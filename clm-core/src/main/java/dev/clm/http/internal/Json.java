package dev.clm.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.clm.api.ModelType;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

/** The control plane's one JSON mapper: instants and durations as ISO-8601 strings, model types by name. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule("clm-http")
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addSerializer(Duration.class, ToStringSerializer.instance)
                    .addSerializer(ModelType.class, new com.fasterxml.jackson.databind.JsonSerializer<ModelType>() {
                        @Override
                        public void serialize(ModelType value, com.fasterxml.jackson.core.JsonGenerator gen,
                                              com.fasterxml.jackson.databind.SerializerProvider serializers) throws java.io.IOException {
                            gen.writeString(value.name());
                        }
                    })
                    .addKeySerializer(ModelType.class, new com.fasterxml.jackson.databind.JsonSerializer<ModelType>() {
                        @Override
                        public void serialize(ModelType value, com.fasterxml.jackson.core.JsonGenerator gen,
                                              com.fasterxml.jackson.databind.SerializerProvider serializers) throws java.io.IOException {
                            gen.writeFieldName(value.name());
                        }
                    }))
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {}

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write JSON for " + value.getClass().getName(), e);
        }
    }

    public static String string(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write JSON for " + value.getClass().getName(), e);
        }
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }
}
