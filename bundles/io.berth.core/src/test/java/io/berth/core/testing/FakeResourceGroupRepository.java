package io.berth.core.testing;

import io.berth.core.group.Associations;
import io.berth.core.group.ResourceGroup;
import io.berth.core.repo.ResourceGroupRepository;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Resource groups by name and their associations in a second table. Like a database with foreign keys,
 * it refuses an association of a group that does not exist and the deletion of a group that still has
 * associations. Adding an association twice or removing an absent one changes nothing.
 */
public final class FakeResourceGroupRepository extends FakeNamedTable<ResourceGroup>
        implements ResourceGroupRepository {
    private static final Set<String> KINDS = Set.of("domain", "project", "keypair");

    /** One association: the group made available to a domain, project or keypair. */
    public record Link(String group, String kind, String target) {
        String key() {
            return group + "/" + kind + "/" + target;
        }
    }

    /** The association table, keyed {@code group/kind/target}. */
    public static final class Links extends FakeTable<Link> {
        Links(FakeUnitOfWork tx) {
            super("resource_group_associations", tx);
        }
    }

    public final Links links;
    private int reads;

    public FakeResourceGroupRepository(FakeUnitOfWork tx) {
        super("resource_groups", tx, ResourceGroup::name);
        this.links = new Links(tx);
    }

    /** How many reads were made so far. */
    public int reads() {
        return reads;
    }

    @Override
    public Optional<ResourceGroup> find(String name) {
        reads++;
        return super.find(name);
    }

    @Override
    public List<ResourceGroup> list() {
        reads++;
        return super.list();
    }

    @Override
    public void delete(String name) {
        if (links.all().anyMatch(l -> l.group().equals(name))) {
            throw new IllegalStateException("foreign key: resource group " + name + " still has associations");
        }
        super.delete(name);
    }

    private List<String> targets(String group, String kind) {
        return links.all().filter(l -> l.group().equals(group) && l.kind().equals(kind)).map(Link::target).sorted()
                .toList();
    }

    @Override
    public Associations associations(String group) {
        reads++;
        return new Associations(targets(group, "domain"), targets(group, "project"), targets(group, "keypair"));
    }

    @Override
    public void associate(String group, String kind, String target, boolean allow) {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("unknown association kind " + kind);
        }
        if (get(group) == null) {
            throw new IllegalStateException("foreign key: no resource group " + group);
        }
        Link l = new Link(group, kind, target);
        boolean present = links.get(l.key()) != null;
        if (allow && !present) {
            links.write("insert", l.key(), l);
        } else if (!allow && present) {
            links.write("delete", l.key(), null);
        }
    }

    @Override
    public void clearAssociations(String group) {
        links.all().filter(l -> l.group().equals(group)).forEach(l -> links.write("delete", l.key(), null));
    }

    @Override
    public List<String> availableTo(String domain, Collection<String> projectIds, String accessKey) {
        reads++;
        return links.all().filter(l -> switch (l.kind()) {
            case "domain" -> l.target().equals(domain);
            case "project" -> projectIds.contains(l.target());
            default -> l.target().equals(accessKey);
        }).map(Link::group).distinct().sorted().toList();
    }
}
