package io.berth.rest.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.berth.spi.resource.Amount;
import java.io.IOException;
import javax.ws.rs.ext.ContextResolver;

/**
 * JSON as Backend.AI speaks it (snake_case), strict on input: unknown fields, wrong scalar types,
 * nulls for primitives and trailing garbage are refused. Numbers read into untyped places (amounts a
 * client writes as a number) keep every digit: fractions become {@link java.math.BigDecimal}. An
 * {@link Amount} is written as a JSON number, exact and without exponent, or as {@code "Infinity"}.
 */
final class JsonConfig implements ContextResolver<ObjectMapper> {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .addModule(new SimpleModule("berth-amounts").addSerializer(Amount.class, new AmountSerializer()))
            // a number or boolean where a string is expected is a wrong type, not a string
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    /** Finite: the exact decimal as a JSON number ({@code 4}, {@code 0.5}); infinite: {@code "Infinity"}. */
    static final class AmountSerializer extends StdSerializer<Amount> {
        private static final long serialVersionUID = 1L;

        AmountSerializer() {
            super(Amount.class);
        }

        @Override
        public void serialize(Amount a, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (a.isInfinite()) {
                gen.writeString(a.toWire());
            } else {
                gen.writeNumber(a.value().toPlainString());
            }
        }
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return MAPPER;
    }
}
