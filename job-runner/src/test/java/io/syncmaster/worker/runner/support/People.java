package io.syncmaster.worker.runner.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The data sets of transfer-semantics §6.1, written for these tests: 27 rows with columns ID, PHONE_NUMBER, REGION,
 * NUMBER (1..27), BIRTH_DATE, REGISTERED_AT (microseconds), ACCOUNT_BALANCE; and the 5-row "mixed naming" variant
 * with columns {@code Id}, {@code Phone Number}, {@code region}, {@code NUMBER}, {@code birth_DATE},
 * {@code Registered At}, {@code account_balance}. Regions and phone numbers are chosen so that every row filter of
 * §6.1 removes some rows (names ending in "port", starting with "new" in any case, phones starting with "+").
 */
public final class People {
    public record Person(int id, String phone, String region, int number, LocalDate birthDate, LocalDateTime registeredAt,
            double balance) {
    }

    public static final List<String> COLUMNS = List.of("ID", "PHONE_NUMBER", "REGION", "NUMBER", "BIRTH_DATE", "REGISTERED_AT",
            "ACCOUNT_BALANCE");
    public static final List<String> MIXED_COLUMNS = List.of("Id", "Phone Number", "region", "NUMBER", "birth_DATE",
            "Registered At", "account_balance");

    private static final String[] REGIONS = {
        "Bridgeport", "New Ashford", "г. Тверь", "Lakeside", "newcastle", "ст. Озёрная", "Harborview", "Westport", "Kingsbury",
        "с. Берёзовка", "NEW Haven", "Millbrook", "клх Заречье", "Stockport", "Elmwood", "Fairview", "пос. Новый Свет",
        "Ashton", "Greenfield", "O'Connell", "Rivertown", "New Castle", "Oakridge", "Davenport", "г. Псков", "Southgate", "Pinecrest"};
    private static final String[] PHONES = {
        "+7 (912) 345-67-01", "8 (495) 123-4502", "+1-202-555-0103", "202-555-0104", "4955550105", "+7 495 555 0106",
        "8 (812) 555-01-07", "(303)555-0108x12", "+7 (921) 555-01-09", "001-303-555-0110", "303.555.0111",
        "+44 20 7946 0112", "83035550113", "+7 (499) 555-01-14", "720-555-0115", "001-720-555-0116x7", "+70435550117",
        "720-555-0118x9", "720.555.0119", "642-555-0120x1", "+73615550121", "(882)555-0122x4", "+7 (535) 555-01-23",
        "001-933-555-0124", "001-499-555-0125x3", "8 (413) 555-01-26", "+7 366 555 0127"};

    private People() {
    }

    public static List<Person> all() {
        List<Person> people = new ArrayList<>();
        for (int n = 1; n <= 27; n++) {
            int id = 1000 + (n * 7919) % 9000;
            LocalDate birth = LocalDate.of(1960 + (n * 13) % 60, 1 + (n * 5) % 12, 1 + (n * 11) % 28);
            LocalDateTime registered = LocalDateTime.of(1970 + (n * 17) % 55, 1 + (n * 7) % 12, 1 + (n * 3) % 28,
                    (n * 5) % 24, (n * 13) % 60, (n * 29) % 60, ((n * 104_729) % 1_000_000) * 1000);
            double balance = Math.round(((n * 3571.1237) % 10_000) * 10_000) / 10_000.0;
            people.add(new Person(id, PHONES[n - 1], REGIONS[n - 1], n, birth, registered, balance));
        }
        return people;
    }

    public static List<Person> mixedNaming() {
        return all().subList(0, 5);
    }

    /**
     * The same people born 10 years later, so that every date is after 1970-01-01: for databases whose date type
     * starts there (ClickHouse before 21.9, whose {@code Date} is days since the epoch).
     */
    public static List<Person> bornAfter1970(List<Person> people) {
        return people.stream().map(p -> new Person(p.id(), p.phone(), p.region(), p.number(), p.birthDate().plusYears(10),
                p.registeredAt(), p.balance())).toList();
    }

    /** The rows filter of §6.1 evaluated in Java: BIRTH_DATE not null, NUMBER <= 25, REGION not like '%port',
     *  REGION not ilike 'new%', PHONE_NUMBER ~ '^[^+].*'. */
    public static boolean passesRowsFilter(Person p) {
        return p.birthDate() != null && p.number() <= 25 && !p.region().endsWith("port")
                && !p.region().toLowerCase(Locale.ROOT).startsWith("new") && !p.phone().startsWith("+");
    }

    /** Creates {@code table} with the 27 rows (or the mixed-naming 5 rows) in {@code db}. */
    public static void createSource(ScratchDatabase db, String table, boolean mixedNaming) {
        createSource(db, table, mixedNaming, mixedNaming ? mixedNaming() : all());
    }

    /** Creates {@code table} holding {@code people} with the columns of the full or the mixed-naming data set. */
    public static void createSource(ScratchDatabase db, String table, boolean mixedNaming, List<Person> people) {
        List<String> columns = mixedNaming ? MIXED_COLUMNS : COLUMNS;
        boolean pg = db.kind() == ScratchDatabase.Kind.POSTGRES;
        Function<String, String> q = c -> pg ? "\"" + c + "\"" : "`" + c + "`";
        String[] types = pg
                ? new String[] {"integer", "text", "text", "integer", "date", "timestamp(6)", "double precision"}
                : new String[] {"int", "varchar(255)", "varchar(255)", "int", "date", "datetime(6)", "double"};
        StringBuilder ddl = new StringBuilder("CREATE TABLE " + db.schema() + "." + table + " (");
        StringBuilder insert = new StringBuilder("INSERT INTO " + db.schema() + "." + table + " (");
        for (int i = 0; i < columns.size(); i++) {
            ddl.append(i > 0 ? ", " : "").append(q.apply(columns.get(i))).append(' ').append(types[i]);
            insert.append(i > 0 ? ", " : "").append(q.apply(columns.get(i)));
        }
        ddl.append(')');
        insert.append(") VALUES (?, ?, ?, ?, ?, ?, ?)");
        try (Connection connection = db.connect()) {
            connection.createStatement().execute(ddl.toString());
            try (PreparedStatement statement = connection.prepareStatement(insert.toString())) {
                for (Person p : people) {
                    statement.setInt(1, p.id());
                    statement.setString(2, p.phone());
                    statement.setString(3, p.region());
                    statement.setInt(4, p.number());
                    statement.setObject(5, p.birthDate());
                    statement.setObject(6, p.registeredAt());
                    statement.setDouble(7, p.balance());
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
