package dev.clm.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A section backed by a record: each component is a setting whose key is the component's name
 * in kebab-case ({@code minSamples} → {@code min-samples}); the record's compact constructor
 * validates. Components listed as derived are not settings (they are set by the wiring).
 */
final class RecordSection<T extends Record> extends Section<T> {
    private final RecordComponent[] components;
    private final Set<String> derived;
    private final Constructor<T> constructor;

    RecordSection(String name, Class<T> type, T defaults, Set<String> derived) {
        super(name, type, defaults);
        this.components = type.getRecordComponents();
        this.derived = derived;
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) types[i] = components[i].getType();
        try {
            this.constructor = type.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type + " has no canonical constructor", e);
        }
    }

    @Override
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (RecordComponent c : components) if (!derived.contains(c.getName())) keys.add(Values.kebab(c.getName()));
        return keys;
    }

    @Override
    String read(T value, String key) {
        return Values.format(get(value, component(key)));
    }

    @Override
    void parseCheck(String key, String text) {
        Values.parse(dotted(key), component(key).getType(), text);
    }

    @Override
    T construct(T base, Map<String, String> overrides) {
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) args[i] = get(base, components[i]);
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            RecordComponent c = component(o.getKey());
            for (int i = 0; i < components.length; i++) {
                if (components[i] == c) args[i] = Values.parse(dotted(o.getKey()), c.getType(), o.getValue());
            }
        }
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    private RecordComponent component(String key) {
        for (RecordComponent c : components) {
            if (!derived.contains(c.getName()) && Values.kebab(c.getName()).equals(key)) return c;
        }
        throw new IllegalArgumentException("no setting " + dotted(key));
    }

    private static Object get(Record r, RecordComponent c) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }
}
