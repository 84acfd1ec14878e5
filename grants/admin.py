from django.contrib import admin

from . import models

admin.site.register([models.Territory, models.Program, models.Axis, models.LocalPlan, models.Priority,
                     models.Call, models.AttachmentType, models.Organisation, models.User, models.ProgramRole])
