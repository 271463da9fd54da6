package dev.accountbackup.operator.jobs.batch;

import dev.accountbackup.api.RunAsSpec;
import dev.accountbackup.api.RunResourcesSpec;
import dev.accountbackup.api.TolerationSpec;
import dev.accountbackup.engine.BackupException;
import dev.accountbackup.engine.storage.StorageKeys;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The pod settings of {@code runAs}, checked before any Job is made: a wrong value is the spec's error, said on the
 * status, not an API server's refusal retried in vain.
 *
 * @param serviceAccountName null for the operator's default
 */
record RunAsPod(
        ResourceRequirements resources,
        Map<String, String> nodeSelector,
        List<Toleration> tolerations,
        String serviceAccountName) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern RESOURCE = Pattern.compile("[a-z0-9]([-a-z0-9./]{0,61}[a-z0-9])?");
    private static final int MAX_ENTRIES = 32;
    private static final int MAX_TEXT = 253;
    private static final Set<String> OPERATORS = Set.of("Exists", "Equal");
    private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    /** @throws BackupException (INVALID) naming the field that is wrong */
    static RunAsPod of(RunAsSpec runAs) {
        if (runAs == null) {
            return new RunAsPod(null, Map.of(), List.of(), null);
        }
        String account = runAs.getServiceAccountName() == null
                        || runAs.getServiceAccountName().isBlank()
                ? null
                : runAs.getServiceAccountName().strip();
        if (account != null && !NAME.matcher(account).matches()) {
            throw BackupException.invalid("runAs.serviceAccountName '" + StorageKeys.printable(account)
                    + "' is not a Kubernetes name (lower case letters, digits, '-' and '.')");
        }
        Map<String, String> nodeSelector = runAs.getNodeSelector() == null ? Map.of() : runAs.getNodeSelector();
        checkSize("runAs.nodeSelector", nodeSelector.size());
        nodeSelector.forEach((k, v) -> checkText("runAs.nodeSelector", k + v));
        List<TolerationSpec> tolerations = runAs.getTolerations() == null ? List.of() : runAs.getTolerations();
        checkSize("runAs.tolerations", tolerations.size());
        return new RunAsPod(
                resources(runAs.getResources()),
                Map.copyOf(nodeSelector),
                tolerations.stream().map(RunAsPod::toleration).toList(),
                account);
    }

    private static ResourceRequirements resources(RunResourcesSpec spec) {
        if (spec == null) {
            return null;
        }
        ResourceRequirements resources = new ResourceRequirements();
        resources.setRequests(quantities("runAs.resources.requests", spec.getRequests()));
        resources.setLimits(quantities("runAs.resources.limits", spec.getLimits()));
        return resources;
    }

    private static Map<String, Quantity> quantities(String field, Map<String, String> given) {
        Map<String, Quantity> quantities = new LinkedHashMap<>();
        if (given == null) {
            return quantities;
        }
        checkSize(field, given.size());
        given.forEach((name, amount) -> {
            if (name == null || !RESOURCE.matcher(name).matches()) {
                throw BackupException.invalid(field + " has a resource name that is not one, e.g. cpu or memory");
            }
            String text = amount == null ? "" : amount.strip();
            try {
                checkText(field, text);
                Quantity quantity = new Quantity(text);
                Quantity.getAmountInBytes(quantity); // parses it: a wrong amount fails here
                quantities.put(name, quantity);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw BackupException.invalid(field + "." + name + " '" + StorageKeys.printable(text)
                        + "' is not a quantity such as 500m, 2, 512Mi or 1Gi");
            }
        });
        return quantities;
    }

    private static Toleration toleration(TolerationSpec spec) {
        if (spec.getOperator() != null && !OPERATORS.contains(spec.getOperator())) {
            throw BackupException.invalid("runAs.tolerations: operator must be Exists or Equal");
        }
        if (spec.getEffect() != null && !spec.getEffect().isEmpty() && !EFFECTS.contains(spec.getEffect())) {
            throw BackupException.invalid(
                    "runAs.tolerations: effect must be NoSchedule, PreferNoSchedule or NoExecute");
        }
        checkText("runAs.tolerations", String.valueOf(spec.getKey()) + spec.getValue());
        return new Toleration(
                spec.getEffect(), spec.getKey(), spec.getOperator(), spec.getTolerationSeconds(), spec.getValue());
    }

    private static void checkSize(String field, int size) {
        if (size > MAX_ENTRIES) {
            throw BackupException.invalid(field + " has more than " + MAX_ENTRIES + " entries");
        }
    }

    private static void checkText(String field, String text) {
        if (text.length() > 2 * MAX_TEXT) {
            throw BackupException.invalid(field + " has a value longer than any Kubernetes name or label");
        }
    }
}
