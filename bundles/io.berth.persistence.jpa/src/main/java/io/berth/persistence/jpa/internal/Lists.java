package io.berth.persistence.jpa.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;
import javax.persistence.criteria.AbstractQuery;
import javax.persistence.criteria.CriteriaBuilder;
import javax.persistence.criteria.CriteriaQuery;
import javax.persistence.criteria.Expression;
import javax.persistence.criteria.Order;
import javax.persistence.criteria.ParameterExpression;
import javax.persistence.criteria.Predicate;
import javax.persistence.criteria.Root;

/**
 * Filtered, sorted, paged Criteria queries with a total count, shared by the repositories. Every value
 * that comes from a caller is a bound query parameter; sort attributes come from fixed maps.
 */
final class Lists {
    private Lists() {
    }

    /** Adds the conditions of a list; called once for the page query and once for the count query. */
    @FunctionalInterface
    interface Filter<E> {
        void apply(Where<E> where);
    }

    /** Collects the conditions of one query and the values of its parameters. */
    static final class Where<E> {
        final CriteriaBuilder cb;
        final AbstractQuery<?> query;
        final Root<E> root;
        private final List<Predicate> predicates = new ArrayList<>();
        private final Map<ParameterExpression<?>, Object> values = new LinkedHashMap<>();

        Where(CriteriaBuilder cb, AbstractQuery<?> query, Root<E> root) {
            this.cb = cb;
            this.query = query;
            this.root = root;
        }

        /** A new parameter bound to {@code value} when the query runs. */
        <T> ParameterExpression<T> param(Class<T> type, T value) {
            ParameterExpression<T> p = cb.parameter(type);
            values.put(p, value);
            return p;
        }

        /** {@code attribute = value}, the value bound as a parameter. */
        @SuppressWarnings("unchecked")
        <T> Where<E> equal(String attribute, T value) {
            return add(cb.equal(root.get(attribute), param((Class<T>) value.getClass(), value)));
        }

        /** {@code attribute IN (values)} with the collection bound as one parameter; values must not be empty. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        Where<E> in(Expression<?> attribute, Collection<?> collection) {
            return add(attribute.in(param((Class) Collection.class, List.copyOf(collection))));
        }

        /** {@code LOWER(attribute) LIKE '%text%'}, case-insensitive, with the text's wildcards escaped. */
        Predicate contains(Expression<String> attribute, String text) {
            return cb.like(cb.lower(attribute), param(String.class, Columns.containsPattern(text)),
                    Columns.LIKE_ESCAPE);
        }

        Where<E> add(Predicate predicate) {
            predicates.add(predicate);
            return this;
        }

        Predicate[] predicates() {
            return predicates.toArray(Predicate[]::new);
        }

        <R> TypedQuery<R> bind(TypedQuery<R> q) {
            values.forEach((p, v) -> bindOne(q, p, v));
            return q;
        }

        @SuppressWarnings("unchecked")
        private static <T> void bindOne(TypedQuery<?> q, ParameterExpression<T> p, Object value) {
            q.setParameter(p, (T) value);
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
        List<Order> orders(CriteriaBuilder cb, Root<?> root, String attribute, boolean descending) {
            List<Order> orders = new ArrayList<>(2);
            orders.add(order(cb, root.get(attribute), descending));
            if (!attribute.equals(uniqueAttribute)) {
                orders.add(order(cb, root.get(uniqueAttribute), descending));
            }
            return orders;
        }

        private static Order order(CriteriaBuilder cb, Expression<?> e, boolean descending) {
            return descending ? cb.desc(e) : cb.asc(e);
        }
    }

    /** One page of {@code type} rows matching {@code filter}, converted with {@code convert}. */
    static <E, R> Page<R> page(EntityManager em, Class<E> type, Filter<E> filter, Sorting sorting,
            PageRequest page, Function<List<E>, List<R>> convert) {
        String sortAttribute = sorting.attribute(page);
        CriteriaBuilder cb = em.getCriteriaBuilder();

        CriteriaQuery<Long> count = cb.createQuery(Long.class);
        Where<E> countWhere = new Where<>(cb, count, count.from(type));
        filter.apply(countWhere);
        count.select(cb.count(countWhere.root)).where(countWhere.predicates());
        long total = countWhere.bind(em.createQuery(count)).getSingleResult();

        List<R> items = List.of();
        if (total > page.offset()) {
            CriteriaQuery<E> select = cb.createQuery(type);
            Where<E> where = new Where<>(cb, select, select.from(type));
            filter.apply(where);
            select.select(where.root).where(where.predicates())
                    .orderBy(sorting.orders(cb, where.root, sortAttribute, page.descending()));
            List<E> rows = where.bind(em.createQuery(select)).setFirstResult(page.offset())
                    .setMaxResults(page.limit()).getResultList();
            items = convert.apply(rows);
        }
        return new Page<>(items, total, page.offset(), page.limit());
    }
}
