from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .proposal import Proposal


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        """The platform operator (createsuperuser): their address is theirs, they sign in at once."""
        from allauth.account.models import EmailAddress  # allauth's models load after this app's

        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        user = self.create_user(email, password, **extra)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    """A person; logs in with an email address."""

    email = models.EmailField(_("courriel"), unique=True)
    full_name = models.CharField(_("nom complet"), max_length=200, blank=True)
    language = models.CharField(
        _("langue de préférence"), max_length=5, choices=[("fr", "Français"), ("en", "English")], default="fr"
    )
    is_active = models.BooleanField(_("actif"), default=True)
    is_staff = models.BooleanField(_("accès à l'administration"), default=False)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        known = not self._state.adding
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if known and (fields is None or {"full_name", "email"} & set(fields)):
            follow_name_change(self)

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class ProgramRole(models.Model):
    """A staff role held in one program: a reviewer of one region is nobody in another."""

    class Role(models.TextChoices):
        ANALYST = "analyst", _("Analyste (équipe régionale de soutien)")
        REVIEWER = "reviewer", _("Évaluateur")
        BOARD = "board", _("Membre de l'instance décisionnelle")
        MANAGER = "manager", _("Gestionnaire de programme")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="program_roles")
    program = models.ForeignKey("grants.Program", on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    expertise = models.ManyToManyField(
        "grants.Territory", verbose_name=_("territoires d'expertise"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("rôle dans un programme")
        verbose_name_plural = _("rôles dans les programmes")
        constraints = [
            models.UniqueConstraint(fields=["user", "program", "role"], name="program_role_unique")
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.program.code}"


def follow_name_change(user):
    """The proposals whose analysis this person started keep their name for the staff queue's sort."""
    name = user.get_full_name()
    Proposal.objects.filter(assigned_analyst=user).exclude(assigned_analyst_name=name).update(
        assigned_analyst_name=name)
