package com.opscenter.platform.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Validation messages name the field as the client sent it, through the paths Hibernate Validator builds. */
class ConstraintViolationMapperTest {

    record Update(
            @Min(value = 1, message = "must be at least 1") Integer retentionDays,
            List<@Size(min = 1, message = "entries are not empty") String> includePaths,

            @Size(max = 3, message = "is at most 3 characters")
            String timezone) {}

    /** Shaped like a resource: a body parameter and a query parameter with its own message. */
    static class Resource {
        public void update(@Valid Update update) {}

        public void list(@Min(value = 0, message = "offset must be 0 or more") int offset) {}
    }

    static jakarta.validation.ValidatorFactory factory;
    static Validator validator;

    @BeforeAll
    static void validator() {
        // Messages here are plain text: no expression language needed to interpolate them.
        factory = Validation.byDefaultProvider()
                .configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    static String detailOfBody(Update update) throws NoSuchMethodException {
        var method = Resource.class.getMethod("update", Update.class);
        return ConstraintViolationMapper.detail(
                validator.forExecutables().validateParameters(new Resource(), method, new Object[] {update}));
    }

    @Test
    void aBodyFieldIsNamedAsOnTheWire() throws Exception {
        assertThat(detailOfBody(new Update(0, null, null))).isEqualTo("retention_days: must be at least 1");
    }

    @Test
    void aSingleWordFieldKeepsItsName() throws Exception {
        assertThat(detailOfBody(new Update(null, null, "Europe/Berlin")))
                .isEqualTo("timezone: is at most 3 characters");
    }

    @Test
    void anEntryOfAListIsNamedWithItsPlace() throws Exception {
        assertThat(detailOfBody(new Update(null, List.of("/data", ""), null)))
                .isEqualTo("include_paths[1]: entries are not empty");
    }

    @Test
    void everyBrokenRuleIsNamedInOneStableOrder() throws Exception {
        assertThat(detailOfBody(new Update(0, List.of(""), "Europe/Berlin")))
                .isEqualTo("include_paths[0]: entries are not empty; retention_days: must be at least 1; "
                        + "timezone: is at most 3 characters");
    }

    @Test
    void aBeanValidatedOnItsOwnIsNamedTheSameWay() {
        assertThat(ConstraintViolationMapper.detail(validator.validate(new Update(0, null, null))))
                .isEqualTo("retention_days: must be at least 1");
    }

    @Test
    void aParameterIsNotPrefixedWithTheMethodOrArgumentName() throws Exception {
        var method = Resource.class.getMethod("list", int.class);
        var violations = validator.forExecutables().validateParameters(new Resource(), method, new Object[] {-1});
        assertThat(ConstraintViolationMapper.detail(violations)).isEqualTo("offset must be 0 or more");
    }

    @Test
    void noViolationDescribedStillSaysSomething() {
        assertThat(ConstraintViolationMapper.detail(List.of())).isEqualTo("Invalid request");
    }
}
