package io.mcscale.engine;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The catalogue of models: turns a name and raw parameters (numbers, lists of numbers, matrices
 * as lists of lists, as JSON gives them; or the same as strings, as the command line gives them)
 * into a validated {@link SimulationModel}. Parameter names are snake_case.
 *
 * <ul>
 *   <li>{@code european}: option_type call|put (default call), spot (0, 1e12], strike (0, 1e12],
 *       rate [-1, 1], volatility (0, 5], maturity (0, 100] years, dividend_yield [-1, 1] (default 0).</li>
 *   <li>{@code asian}: the european parameters, fixings [1, 100000] (default 252),
 *       control_variate true|false (default true: Kemna–Vorst geometric control).</li>
 *   <li>{@code barrier}: the european parameters, barrier (0, 1e12], barrier_type
 *       up_and_out|down_and_out, fixings [1, 100000] (default 252).</li>
 *   <li>{@code portfolio}: weights, volatilities, drifts (default 0), correlation,
 *       horizon_days (0, 2520], confidence [0.5, 1): VaR and expected shortfall.</li>
 *   <li>{@code pi}: no parameters; a smoke test.</li>
 * </ul>
 */
public final class Models {
    private static final Map<String, Function<Parameters, PathModel>> CATALOGUE = Map.of(
            "european", EuropeanModel::new,
            "asian", AsianModel::new,
            "barrier", BarrierModel::new,
            "portfolio", PortfolioModel::new,
            "pi", PiModel::new);

    private Models() {
    }

    /** The model names users may ask for. */
    public static List<String> names() {
        return List.of("european", "asian", "barrier", "portfolio", "pi");
    }

    /**
     * @throws InvalidParameterException naming the parameter (or {@code model} for an unknown name)
     */
    public static SimulationModel create(String name, Map<String, Object> parameters) {
        Function<Parameters, PathModel> constructor = name == null ? null : CATALOGUE.get(name);
        if (constructor == null) {
            throw new InvalidParameterException("model", "unknown model '" + name + "'; choose one of " + names());
        }
        return constructor.apply(new Parameters(name, parameters));
    }
}
