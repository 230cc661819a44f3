package io.mcscale.platform.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class JobStatusTest {
    @ParameterizedTest
    @CsvSource({"queued,false", "running,false", "succeeded,true", "failed,true", "cancelled,true", "paused,false", "'',false",
            "SUCCEEDED,false"})
    void shouldTellAFinalStatusWordFromTheApi(String word, boolean isFinal) {
        assertThat(JobStatus.isFinalWord(word)).isEqualTo(isFinal);
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void shouldListExactlyTheStatesThatAreNotFinalForSql(JobStatus status) {
        assertThat(JobStatus.unfinishedSqlList().contains("'" + status.word() + "'")).isEqualTo(!status.isFinal());
        assertThat(JobStatus.isFinalWord(status.word())).isEqualTo(status.isFinal());
    }

    @Test
    void shouldWriteTheUnfinishedStatesAsAnSqlList() {
        assertThat(JobStatus.unfinishedSqlList()).isEqualTo("('queued', 'running')");
    }
}
