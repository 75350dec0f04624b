# Imported resources are added here by hand after `pulumi import`; the tests never run this program.
