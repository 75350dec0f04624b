// Pulumi resources for AWS Proton, served two ways by one implementation: as dynamic resources of the Node.js package (runtime type `pulumi-nodejs:dynamic/proton:<Kind>`) and by the provider plugin `pulumi-resource-proton` (type `proton:index:<Kind>`, for every Pulumi language and `pulumi import`).
package proton
