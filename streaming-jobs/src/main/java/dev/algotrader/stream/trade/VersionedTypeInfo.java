package dev.algotrader.stream.trade;

import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type of a stream whose records travel in a {@link StateCodec}'s versioned format (the
 * end-of-run {@link SymbolState}), instead of Flink's POJO/Kryo field copy.
 */
public final class VersionedTypeInfo<T> extends TypeInformation<T> {

    private final Class<T> type;
    private final StateCodec<T> codec;

    public VersionedTypeInfo(Class<T> type, StateCodec<T> codec) {
        this.type = Objects.requireNonNull(type);
        this.codec = Objects.requireNonNull(codec);
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return new VersionedSerializer<>(codec);
    }

    @Override
    public String toString() {
        return "Versioned<" + type.getSimpleName() + ", " + codec.name() + ">";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof VersionedTypeInfo<?> t
                && t.type.equals(type)
                && t.codec.name().equals(codec.name());
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, codec.name());
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof VersionedTypeInfo;
    }
}
