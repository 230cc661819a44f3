package io.mcscale.scaler.control;

import io.mcscale.core.model.MachineState;
import io.mcscale.scaler.provider.MachineInfo;
import io.mcscale.scaler.provider.MachineProvider;
import io.mcscale.scaler.provider.ProviderException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A provider whose machines change state only when the test says so; it records every start and stop. */
public final class FakeProvider implements MachineProvider {
    public final Map<String, MachineState> states = new ConcurrentHashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile boolean failStarts;

    public FakeProvider(Map<String, MachineState> initial) {
        states.putAll(initial);
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public MachineInfo describe(String machineId) {
        return new MachineInfo(machineId, machineId, states.get(machineId), Optional.empty(), 0.51, 5);
    }

    @Override
    public MachineInfo start(String machineId, Duration waitUpTo) throws ProviderException {
        calls.add("start " + machineId);
        if (failStarts) {
            throw new ProviderException("insufficient capacity", true);
        }
        states.computeIfPresent(machineId, (id, s) -> s == MachineState.OFF ? MachineState.STARTING : s);
        return describe(machineId);
    }

    @Override
    public MachineInfo stop(String machineId, Duration waitUpTo) {
        calls.add("stop " + machineId);
        states.computeIfPresent(machineId, (id, s) -> s == MachineState.OFF ? s : MachineState.STOPPING);
        return describe(machineId);
    }

    public List<String> startsAndStops() {
        return List.copyOf(calls);
    }
}
