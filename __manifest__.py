# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "SAKIP – Penetapan Kinerja",  # noqa: RUF001
    "summary": "Prepare the annual performance agreement (Penetapan/Perjanjian "
    "Kinerja) following the agency's SOP",
    "version": "18.0.1.0.0",
    "category": "Productivity",
    "website": "https://github.com/sakip-id/sakip_penetapan_kinerja",
    "author": "SAKIP Indonesia",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["mail", "web", "hr", "resource", "calendar", "report_xlsx"],
    "external_dependencies": {"python": ["holidays"]},
    "data": [
        "security/sakip_security.xml",
        "security/sakip_letter_security.xml",
        "security/ir.model.access.csv",
        "data/sakip_sop_actor_data.xml",
        "data/sakip_sop_run_data.xml",
        "data/sakip_sop_data.xml",
        "data/sakip_letter_type_data.xml",
        "views/sakip_sop_actor_views.xml",
        "views/sakip_sop_views.xml",
        "views/hr_employee_views.xml",
        "views/hr_department_views.xml",
        "views/sakip_pk_indicator_views.xml",
        "views/sakip_pk_program_views.xml",
        "views/sakip_pk_views.xml",
        "views/sakip_sop_run_views.xml",
        "wizards/sakip_sop_run_step_wizard_views.xml",
        "wizards/sakip_sop_meeting_wizard_views.xml",
        "views/sakip_menus.xml",
        "views/sakip_letter_views.xml",
        "views/sakip_letter_type_views.xml",
        "wizards/sakip_letter_cancel_wizard_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": [
        "demo/sakip_people_demo.xml",
        "demo/sakip_pk_demo.xml",
        "demo/sakip_letter_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sakip_penetapan_kinerja/static/tests/tours/**/*",
        ],
    },
}
