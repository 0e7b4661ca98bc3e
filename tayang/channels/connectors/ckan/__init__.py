"""Portal Satu Data (CKAN): each publication becomes a dataset of the agency's organization.

CKAN's Action API v3: every call is ``POST {site}/api/3/action/<action>`` with a JSON body
(reads may be ``GET`` with query parameters), authenticated by the user's API token sent as
it is in the ``Authorization`` header. Every answer is ``{"help": ..., "success": true,
"result": ...}`` or ``{"success": false, "error": {"__type": ..., ...}}``: ``Validation Error``
(HTTP 409) lists the refused fields (``{"name": ["That URL is already in use."]}``),
``Authorization Error`` (403) and ``Not Found Error`` (404) carry a ``message``.

The flow, and why:

1. ``package_create`` with ``name`` derived from the publication key. Dataset names are unique
   on a CKAN site, so the dataset itself is the idempotency key: when an earlier attempt made
   it, CKAN answers 409 "That URL is already in use." on ``name`` and we take that dataset
   (``package_show``) after checking it belongs to our organization. The dataset is created
   with ``state: "draft"``, as CKAN's own "new dataset" form does, so it stays out of the
   catalogue until its resources are in. (CKAN ignores ``state`` on create for accounts that
   may not change states; the dataset is then public a few seconds early, nothing worse.)
2. One ``resource_create`` per document (``post.documents`` and document files in
   ``post.media``): a multipart upload (``upload`` file field plus ``package_id``, ``name``,
   ``format``); then one resource pointing at the article (``url`` = the link, format HTML).
   Each resource id goes into the journal as soon as CKAN answers; a later attempt creates
   only the missing ones, and first adopts resources an interrupted attempt made without our
   hearing of them (same file name, or the article's URL).
3. ``package_patch`` ``state: "active"``: the dataset appears in the catalogue.

:meth:`Ckan.find` reads the dataset by name (``package_show``). It returns the dataset only when
it is active and holds every resource; a draft or an incomplete dataset (an attempt cut short)
gives ``None``, because publishing again is safe - step 1 finds the dataset by its name and
step 2 adds only what is missing. Withdrawing is ``package_delete`` (a soft delete: the dataset
gets ``state: "deleted"`` and leaves the catalogue; CKAN 2.9+ lets its name be used again).
:meth:`Ckan.check` asks ``status_show`` (the CKAN version) and ``organization_list_for_user``
with ``permission: "create_dataset"``: the token is valid and its user may add datasets to the
configured organization.

The package: :mod:`.connector` (the contract, the dataset and its resources), :mod:`.api`
(calling actions, CKAN's errors in an admin's words), :mod:`.dataset` (what the dataset holds:
its name, tags and resources, derived from the post).

Assumptions where the documentation is silent: no ``extras`` are sent (portals running
ckanext-scheming refuse fields outside their schema); an invalid or revoked token makes CKAN
treat the request as anonymous, so writes fail with ``Authorization Error``; uploads above the
site's ``ckan.max_resource_size`` (10 MB by default) fail with a Validation Error on ``upload``.
"""

from tayang.channels.connectors.ckan.connector import Ckan
from tayang.channels.connectors.ckan.dataset import clean_tags, dataset_name

__all__ = ["Ckan", "clean_tags", "dataset_name"]
