from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = "机构与角色"

    def ready(self):
        from . import site  # imports the models, which exist only once the apps are ready
        from .models import Jurisdiction  # the same

        # The header and footer of every public page show the site's jurisdiction (organizations.site).
        post_save.connect(site.jurisdiction_saved, sender=Jurisdiction, dispatch_uid="site-identity-saved")
        post_delete.connect(site.jurisdiction_saved, sender=Jurisdiction, dispatch_uid="site-identity-deleted")
