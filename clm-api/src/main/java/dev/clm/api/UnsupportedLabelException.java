package dev.clm.api;

import java.util.Set;
import java.util.TreeSet;

/** A trainer or evaluator was given labels of a kind it does not support; names the kind, the component and what it supports. */
public class UnsupportedLabelException extends ClmException {
    private final LabelKind labelKind;
    private final String component;

    public UnsupportedLabelException(LabelKind labelKind, String component, Set<LabelKind> supported) {
        super(component + " does not support label kind '" + labelKind.key() + "'; it supports "
                + new TreeSet<>(supported.stream().map(LabelKind::key).toList()));
        this.labelKind = labelKind;
        this.component = component;
    }

    public LabelKind labelKind() {
        return labelKind;
    }

    public String component() {
        return component;
    }
}
