package io.syncmaster.worker.runner.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.syncmaster.worker.runner.failure.RunFailure;
import io.syncmaster.worker.runner.support.Plans;

/** file_metadata_filter parsing and semantics (transfer-semantics §3.5) and the Spark SQL of file row filters. */
class FileMetadataFilterTest {
    @Test
    void globMatchesFromTheRightLikePurePathMatch() {
        FileMetadataFilter glob = FileMetadataFilter.glob("*.csv");
        assertThat(glob.accepts("/data/in/document.csv", 1)).isTrue();
        assertThat(glob.accepts("/data/in/document.txt", 1)).isFalse();
        assertThat(FileMetadataFilter.glob("in/*.csv").accepts("/data/in/a.csv", 1)).isTrue();
        assertThat(FileMetadataFilter.glob("in/*.csv").accepts("/data/out/a.csv", 1)).isFalse();
        assertThat(FileMetadataFilter.glob("/data/*.csv").accepts("/data/a.csv", 1)).isTrue();
        assertThat(FileMetadataFilter.glob("/data/*.csv").accepts("/x/data/a.csv", 1)).isFalse();
        assertThat(FileMetadataFilter.glob("doc?.[!x]sv").accepts("/d/doc1.csv", 1)).isTrue();
        assertThat(FileMetadataFilter.glob("doc?.[!x]sv").accepts("/d/doc1.xsv", 1)).isFalse();
    }

    @Test
    void regexpSearchesTheFullPathCaseInsensitively() {
        FileMetadataFilter regexp = FileMetadataFilter.regexp("\\bdoc");
        assertThat(regexp.accepts("/file_connection/csv/for_file_filtering/document.csv", 1)).isTrue();
        assertThat(regexp.accepts("/file_connection/csv/for_file_filtering/DOCUMENT.csv", 1)).isTrue();
        assertThat(regexp.accepts("/file_connection/csv/for_file_filtering/large_document.csv", 1)).isFalse();
        assertThat(regexp.accepts("/file_connection/csv/for_file_filtering/unknown_name.csv", 1)).isFalse();
    }

    @Test
    void byteSizesFollowPydantic() {
        assertThat(FileMetadataFilter.byteSize("1kb")).isEqualTo(1000);
        assertThat(FileMetadataFilter.byteSize("3KB")).isEqualTo(3000);
        assertThat(FileMetadataFilter.byteSize("1KiB")).isEqualTo(1024);
        assertThat(FileMetadataFilter.byteSize("1.5 MB")).isEqualTo(1_500_000);
        assertThat(FileMetadataFilter.byteSize("2048")).isEqualTo(2048);
        assertThatThrownBy(() -> FileMetadataFilter.byteSize("lots")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsedFromTransformationsAndAllMustMatch() {
        Transformations t = Transformations.parse(Plans.json("""
                [{"type": "file_metadata_filter", "filters": [
                  {"type": "name_glob", "value": "*.csv"}, {"type": "name_regexp", "value": "\\\\bdoc"},
                  {"type": "file_size_min", "value": "1kb"}, {"type": "file_size_max", "value": 3000}]}]"""));
        assertThat(t.fileFilters()).hasSize(4);
        java.util.function.BiPredicate<String, Long> all = (p, s) -> t.fileFilters().stream().allMatch(f -> f.accepts(p, s));
        assertThat(all.test("/d/document.csv", 2734L)).isTrue();
        assertThat(all.test("/d/document.csv", 5262L)).isFalse();
        assertThat(all.test("/d/document.csv", 166L)).isFalse();
        assertThat(all.test("/d/document.txt", 2734L)).isFalse();
    }

    @Test
    void badFiltersNameTheProblem() {
        assertThatThrownBy(() -> Transformations.parse(Plans.json(
                "[{\"type\": \"file_metadata_filter\", \"filters\": [{\"type\": \"name_glob\", \"value\": \"plain.csv\"}]}]")))
                .isInstanceOf(RunFailure.class).hasMessageContaining("name_glob").hasMessageContaining("glob character");
        assertThatThrownBy(() -> Transformations.parse(Plans.json(
                "[{\"type\": \"file_metadata_filter\", \"filters\": [{\"type\": \"name_regexp\", \"value\": \"(\"}]}]")))
                .hasMessageContaining("not a valid regular expression");
        assertThatThrownBy(() -> Transformations.parse(Plans.json(
                "[{\"type\": \"file_metadata_filter\", \"filters\": [{\"type\": \"file_age\", \"value\": 1}]}]")))
                .hasMessageContaining("unknown filter type 'file_age'");
    }

    @Test
    void rowFiltersBecomeEscapedSparkSql() {
        Transformations t = Transformations.parse(Plans.json(Plans.ROWS_FILTER));
        assertThat(FrameFilters.condition(t.rowFilters())).isEqualTo("`BIRTH_DATE` IS NOT NULL AND `NUMBER` <= '25' AND "
                + "`REGION` NOT LIKE '%port' AND `REGION` NOT ILIKE 'new%' AND `PHONE_NUMBER` RLIKE '^[^+].*'");
        assertThat(FrameFilters.literal("O'Connell \\ x")).isEqualTo("'O\\'Connell \\\\ x'");
        assertThat(FrameFilters.identifier("we`ird")).isEqualTo("`we``ird`");
    }
}
