package io.berth.persistence.jpa.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

/**
 * Filtered, sorted, paged JPQL queries with a total count, shared by the repositories. Every value that
 * comes from a caller is a bound named parameter; attribute names and sort attributes come from fixed
 * code. JPQL strings (rather than Criteria objects) let EclipseLink reuse its parsed and prepared form
 * of each distinct query, which matters on the hot list paths.
 */
final class Lists {
    private Lists() {
    }

    /** The conditions of one list over the alias {@code e}, and the values of their parameters. */
    static final class Where {
        private final List<String> clauses = new ArrayList<>();
        private final Map<String, Object> values = new LinkedHashMap<>();

        /** A new named parameter bound to {@code value}; returns its placeholder. */
        String param(Object value) {
            String name = "p" + values.size();
            values.put(name, value);
            return ":" + name;
        }

        /** {@code e.attribute = value}. */
        Where equal(String attribute, Object value) {
            return add("e." + attribute + " = " + param(value));
        }

        /** {@code e.attribute IN (values)}; values must not be empty. */
        Where in(String attribute, Collection<?> collection) {
            return add("e." + attribute + " IN " + param(List.copyOf(collection)));
        }

        /** {@code LOWER(e.attribute) LIKE '%text%'}, case-insensitive, with the text's wildcards escaped. */
        Where contains(String attribute, String text) {
            return add(like("e." + attribute, text));
        }

        /** The condition {@code LOWER(path) LIKE '%text%'} for any path (e.g. in a subquery). */
        String like(String path, String text) {
            return "LOWER(" + path + ") LIKE " + param(Columns.containsPattern(text)) + " ESCAPE '"
                    + Columns.LIKE_ESCAPE + "'";
        }

        Where add(String condition) {
            clauses.add(condition);
            return this;
        }

        String jpql() {
            return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
        }

        <R> TypedQuery<R> bind(TypedQuery<R> q) {
            values.forEach(q::setParameter);
            return q;
        }
    }

    /** How one entity sorts: wire sort key → attribute, the default attribute, the unique key attribute. */
    record Sorting(Map<String, String> keys, String defaultAttribute, String uniqueAttribute) {
        /** The attribute to sort by first; rejects sort keys this entity does not know. */
        String attribute(PageRequest page) {
            if (page.orderBy() == null) {
                return defaultAttribute;
            }
            String attribute = keys.get(page.orderBy());
            if (attribute == null) {
                throw new ValidationException("order_by must be one of: "
                        + keys.keySet().stream().sorted().collect(Collectors.joining(", ")), "order_by");
            }
            return attribute;
        }

        /** The sort attribute, then the unique key, both in the requested direction: a stable order. */
        String orderBy(String attribute, boolean descending) {
            String dir = descending ? " DESC" : " ASC";
            return " ORDER BY e." + attribute + dir
                    + (attribute.equals(uniqueAttribute) ? "" : ", e." + uniqueAttribute + dir);
        }
    }

    /** One page of {@code type} rows matching {@code filter}, converted with {@code convert}. */
    static <E, R> Page<R> page(EntityManager em, Class<E> type, Consumer<Where> filter, Sorting sorting,
            PageRequest page, Function<List<E>, List<R>> convert) {
        String sortAttribute = sorting.attribute(page);
        Where where = new Where();
        filter.accept(where);
        String from = " FROM " + type.getSimpleName() + " e" + where.jpql();
        long total = where.bind(em.createQuery("SELECT COUNT(e)" + from, Long.class)).getSingleResult();

        List<R> items = List.of();
        if (total > page.offset()) {
            List<E> rows = where.bind(em.createQuery("SELECT e" + from
                    + sorting.orderBy(sortAttribute, page.descending()), type))
                    .setFirstResult(page.offset()).setMaxResults(page.limit()).getResultList();
            items = convert.apply(rows);
        }
        return new Page<>(items, total, page.offset(), page.limit());
    }
}
