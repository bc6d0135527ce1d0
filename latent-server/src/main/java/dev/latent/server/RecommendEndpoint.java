package dev.latent.server;



/**
 * {@code GET /recommend/{user}?howMany=10&offset=0&considerKnownItems=false}: the user's best items.
 *
 * <p>200 {@code [{"id": "<item>", "value": <score>}, …]}, best first: the ranks
 * {@code offset .. offset+howMany-1} by the model's unclipped score {@code μ + b_u + b_i + p_u·q_i}
 * (ties by item index), among the items with at least one training rating, leaving out the ones the
 * user knows unless {@code considerKnownItems=true}: what they rated in training, less what they
 * deleted since, plus what they wrote since ({@link ServedUser}). A user the model does not know
 * but who has written preferences is folded in from them. Shorter, or empty, when the catalogue
 * runs out.
 *
 * <p>Errors: 400 when howMany is not a positive integer, offset not a non-negative one,
 * howMany + offset above the server's cap, or considerKnownItems not true/false; 404 for an unknown
 * user (named); 503 when no model is loaded.
 */
final class RecommendEndpoint extends Endpoint {
    static final String PATH = "/recommend";

    RecommendEndpoint(ServerState state, int maxResults) {
        super(PATH, state, maxResults);
    }

    @Override
    Object get(Request request) {
        requireSegments(request, 1, PATH + "/{user}");
        Request.Paging paging = request.paging();
        boolean considerKnown = request.flag("considerKnownItems", false);
        ServedUser user = request.user(request.segments().getFirst());
        return idValues(paging.of(user.recommend(paging.end(), considerKnown, request.state().scorer())), request.state().items());
    }
}
