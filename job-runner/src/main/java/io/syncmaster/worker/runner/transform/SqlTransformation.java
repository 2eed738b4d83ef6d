package io.syncmaster.worker.runner.transform;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;

import io.syncmaster.worker.runner.failure.FailureSide;
import io.syncmaster.worker.runner.failure.RunFailure;
import scala.Tuple3;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The {@code sql} transformation ({@code {"type": "sql", "query": "SELECT …", "dialect": "spark"}},
 * transfer-semantics §3.5), which upstream stores and ignores. Here it runs: after the source's row and column
 * filters (and an incremental window), the rows are registered as the temporary view {@value #VIEW} and the query
 * is executed with Spark SQL; its result is what the target receives.
 *
 * <p>The query is checked with Spark's own parser when the plan is made, before anything is read: one statement that
 * starts with SELECT or WITH and plans as a query (no command, no INSERT), reading only {@value #VIEW} and its own
 * CTEs (no other table, no file path such as {@code parquet.`/etc`}, no table-valued function), and calling none of
 * the functions that reach into the JVM ({@code reflect}, {@code java_method}, {@code try_reflect}).
 */
public record SqlTransformation(String query) {
    /** The name of the temporary view that holds the source rows. */
    public static final String VIEW = "source";

    private static final Pattern LEADING_COMMENTS = Pattern.compile("\\A(\\s+|--[^\\n]*(\\n|\\z)|/\\*.*?\\*/)*", Pattern.DOTALL);
    private static final Pattern FIRST_WORD = Pattern.compile("\\A\\(*\\s*([A-Za-z]+)");
    private static final Set<String> JVM_FUNCTIONS = Set.of("reflect", "java_method", "try_reflect");

    /**
     * Validates one {@code sql} entry of {@code transfer.transformations}.
     *
     * @throws RunFailure on the setup side, naming the field, when the entry is not a single safe query
     */
    public static SqlTransformation parse(String query, String dialect) {
        String context = "transfer.transformations: sql";
        if (dialect != null && !dialect.equalsIgnoreCase("spark")) {
            throw invalid(context + ": dialect '" + dialect + "' is not supported (only 'spark')");
        }
        if (query == null || query.isBlank()) {
            throw invalid(context + ": 'query' is missing");
        }
        String body = LEADING_COMMENTS.matcher(query).replaceFirst("");
        Matcher first = FIRST_WORD.matcher(body);
        String keyword = first.find() ? first.group(1).toUpperCase(Locale.ROOT) : "";
        if (!keyword.equals("SELECT") && !keyword.equals("WITH")) {
            throw invalid(context + ": only a single SELECT or WITH query is allowed, the query starts with '"
                    + (keyword.isEmpty() ? body.strip().split("\\s+", 2)[0] : keyword) + "'");
        }
        LogicalPlan plan;
        try {
            plan = CatalystSqlParser$.MODULE$.parsePlan(query);
        } catch (Exception e) { // ParseException: checked for Java, undeclared by Scala
            if (!(e instanceof ParseException)) {
                throw new IllegalStateException("Spark's SQL parser failed", e);
            }
            throw invalid(context + ": the query is not valid Spark SQL: " + e.getMessage().strip());
        }
        check(plan, context);
        return new SqlTransformation(query);
    }

    /** The query over {@code source}; lazy like every Dataset, so analysis errors surface as setup failures here. */
    public Dataset<Row> apply(SparkSession spark, Dataset<Row> source) {
        source.createOrReplaceTempView(VIEW);
        try {
            return spark.sql(query);
        } catch (Exception e) { // AnalysisException: checked for Java, undeclared by Scala
            throw new RunFailure(FailureSide.SETUP, "transfer.transformations: sql: the query cannot run over the source"
                    + " view '" + VIEW + "': " + firstLine(e.getMessage()), e);
        }
    }

    private static void check(LogicalPlan root, String context) {
        Set<String> ctes = new HashSet<>();
        Deque<LogicalPlan> plans = new ArrayDeque<>(List.of(root));
        List<UnresolvedRelation> relations = new ArrayList<>();
        while (!plans.isEmpty()) {
            LogicalPlan plan = plans.pop();
            if (plan instanceof Command || plan instanceof InsertIntoStatement) {
                throw invalid(context + ": only a query is allowed, not " + plan.nodeName());
            }
            if (plan instanceof UnresolvedTableValuedFunction function) {
                throw invalid(context + ": table-valued functions are not allowed (" + function.name().mkString(".") + ")");
            }
            if (plan instanceof UnresolvedWith with) {
                for (Tuple3<String, SubqueryAlias, ?> cte : CollectionConverters.asJava(with.cteRelations())) {
                    ctes.add(cte._1().toLowerCase(Locale.ROOT));
                    plans.add(cte._2()); // the definitions are not children of the WITH node
                }
            }
            if (plan instanceof UnresolvedRelation relation) {
                relations.add(relation);
            }
            plans.addAll(CollectionConverters.asJava(plan.children()));
            Deque<Expression> expressions = new ArrayDeque<>(CollectionConverters.asJava(plan.expressions()));
            while (!expressions.isEmpty()) {
                Expression expression = expressions.pop();
                if (expression instanceof SubqueryExpression subquery) {
                    plans.add(subquery.plan());
                }
                if (expression instanceof UnresolvedFunction function) {
                    String name = function.nameParts().last().toLowerCase(Locale.ROOT);
                    if (JVM_FUNCTIONS.contains(name)) {
                        throw invalid(context + ": the function " + name + " is not allowed");
                    }
                }
                expressions.addAll(CollectionConverters.asJava(expression.children()));
            }
        }
        for (UnresolvedRelation relation : relations) {
            List<String> parts = CollectionConverters.asJava(relation.multipartIdentifier());
            String name = parts.size() == 1 ? parts.get(0).toLowerCase(Locale.ROOT) : null;
            if (name == null || !(name.equals(VIEW) || ctes.contains(name))) {
                throw invalid(context + ": the query may read only the view '" + VIEW + "' (and its own CTEs), not "
                        + String.join(".", parts));
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 500 ? line.substring(0, 500) + "…" : line;
    }

    private static RunFailure invalid(String message) {
        return new RunFailure(FailureSide.SETUP, message);
    }
}
